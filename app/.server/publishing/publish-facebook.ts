import type { PublishTarget } from '#prisma/generated/client/client.ts'
import { prisma } from '../db.ts'
import type { FacebookPageAccess } from '../accounts/publishing-access.ts'
import { MetaApiError } from '../platforms/meta-error.ts'
import type { FacebookPost } from '../platforms/facebook/client.ts'
import { uploadEach, uploadsOf } from './media-uploads.ts'
import { textFor, type PublishContent, type PublishMedia } from './post-content.ts'
import { mediaUpload } from './post-media.ts'
import { outcomeUnknown } from './send-outcome.ts'
import { failureColumns, PublishStepError } from './target-failure.ts'
import { saveStep } from './target-store.ts'
import { sleep, type PublishTimings } from './timings.ts'

// How far before the send to look on the Page: Meta's created_time and our clock may differ.
const CLOCK_SKEW_MS = 2 * 60_000
const FEED_POSTS_TO_SEARCH = 100
/**
 * Videos larger than this go up in Meta's resumable upload, in the chunks Meta asks for, so one
 * slow request never has to carry the whole file within META_TIMEOUT_MS.
 */
export const RESUMABLE_VIDEO_BYTES = 16 * 1024 * 1024

/** The send's outcome is still unknown; Meta's code, when it answered with one, is kept for support. */
const notYetFound = (why: string, cause?: unknown) =>
  new PublishStepError({
    kind: 'transient',
    ...(cause instanceof MetaApiError ? { code: cause.failure.code, subcode: cause.failure.subcode } : {}),
    message: `${why} Duopost looks for it on the Page again before sending anything, so it is never posted twice.`,
    action: 'retry',
    retryable: true,
    unconfirmed: true,
  })

async function recordPublished(target: PublishTarget, access: FacebookPageAccess, postId: string, permalink?: string) {
  const link = permalink ?? (await access.getPost(postId).catch(() => null))?.data.permalinkUrl ?? null
  return saveStep(target.id, {
    status: 'published',
    platformPostId: postId,
    permalink: link,
    publishedAt: new Date(),
    reconcileFrom: null,
    ...failureColumns(null),
  })
}

const PHOTO_ATTACHMENTS = new Set(['photo', 'album'])
const VIDEO_ATTACHMENTS = new Set(['video_inline', 'video', 'video_autoplay'])

/** Our post, as the Page shows it: the same text, with photos or a video exactly when the post has them. */
function isOurs(candidate: FacebookPost, post: PublishContent): boolean {
  const hasPhoto = candidate.attachmentTypes.some((type) => PHOTO_ATTACHMENTS.has(type))
  const hasVideo = candidate.attachmentTypes.some((type) => VIDEO_ATTACHMENTS.has(type))
  const wantsVideo = post.media.some((item) => item.kind === 'video')
  const wantsPhoto = post.media.length > 0 && !wantsVideo
  return (candidate.message ?? '') === textFor(post) && hasPhoto === wantsPhoto && hasVideo === wantsVideo
}

/**
 * The Page's posts since `from` (photo posts included: a photo published through /photos is a
 * post of the feed with its caption as message), searched for this post. Throws when the feed
 * cannot be read: not knowing is never taken for "not there".
 */
async function searchPage(targetId: string, access: FacebookPageAccess, post: PublishContent, from: Date): Promise<FacebookPost | null> {
  const since = Math.floor((from.getTime() - CLOCK_SKEW_MS) / 1000)
  let feed
  try {
    feed = await access.getFeed({ since, limit: FEED_POSTS_TO_SEARCH })
  } catch (error) {
    if (error instanceof MetaApiError && error.kind === 'reconnect') throw error
    throw notYetFound('Facebook did not say whether this post went out, and the Page could not be read to check.')
  }
  const candidates = feed.data.filter((candidate) => isOurs(candidate, post))
  if (candidates.length === 0) return null
  // The same words may be another post's of Duopost (Meta refuses only consecutive repeats).
  const taken = await prisma.publishTarget.findMany({
    where: { platformPostId: { in: candidates.map((c) => c.id) }, NOT: { id: targetId } },
    select: { platformPostId: true },
  })
  const claimed = new Set(taken.map((row) => row.platformPostId))
  return candidates.find((candidate) => !claimed.has(candidate.id)) ?? null
}

/**
 * Before anything is sent again after a send whose outcome is unknown: the post on the Page, or
 * null once it is certainly not there. A post Meta makes just after the answer was lost may show
 * up late, so a search too soon after that send is repeated once `recheckAfterMs` has passed.
 */
async function findEarlierSend(target: PublishTarget, access: FacebookPageAccess, post: PublishContent, timings: PublishTimings) {
  const from = target.reconcileFrom!
  const found = await searchPage(target.id, access, post, from)
  if (found) return found
  const lastSend = (target.stepStartedAt ?? from).getTime()
  const wait = lastSend + timings.recheckAfterMs - Date.now()
  if (wait <= 0) return null
  await sleep(wait)
  return searchPage(target.id, access, post, from)
}

/** A photo's bytes (a stored item) or address (the deprecated remote `imageUrl`). */
async function photoSource(item: PublishMedia) {
  const file = await mediaUpload(item)
  return { ...(file ? { file } : { url: item.url }), ...(item.altText ? { altText: item.altText } : {}) }
}

/**
 * The unpublished photos a multi-photo post attaches, uploaded once each. A row sent without an id
 * is an upload whose answer was lost: an unpublished photo is never shown by itself, and only
 * the ids recorded here are ever attached, so it is uploaded again and the unknown one stays
 * unseen (docs/decisions/020-media.md).
 */
async function unpublishedPhotos(targetId: string, access: FacebookPageAccess, post: PublishContent): Promise<string[]> {
  return uploadEach(targetId, post.media, await uploadsOf(targetId), async (item) => {
    const { data } = await access.postPhoto({ ...(await photoSource(item)), published: false })
    return data.id
  })
}

/**
 * What goes before the post itself: the unpublished photos of a multi-photo post. They make
 * nothing visible, so they are uploaded before the send is marked as one whose outcome matters.
 */
async function prepare(targetId: string, access: FacebookPageAccess, post: PublishContent): Promise<string[]> {
  return post.media.length > 1 ? unpublishedPhotos(targetId, access, post) : []
}

/** The one call that makes the post: `/feed` (text, link, or attached photos), `/photos` or `/videos`. */
async function send(access: FacebookPageAccess, post: PublishContent, photoIds: readonly string[]): Promise<string> {
  const [only] = post.media
  if (photoIds.length > 0) return (await access.postToFeed({ message: textFor(post), attachedPhotoIds: photoIds })).data.id
  if (only?.kind === 'video') {
    const file = await mediaUpload(only)
    if (!file) throw new Error('A video must be uploaded to Duopost before it is posted to a Page.')
    // Meta answers with the video's id; the post that shows it is found on the Page below.
    const video = { file, description: textFor(post) }
    await (file.blob.size > RESUMABLE_VIDEO_BYTES ? access.postVideoResumable(video) : access.postVideo(video))
    return ''
  }
  if (only) {
    const { data } = await access.postPhoto({ ...(await photoSource(only)), caption: textFor(post) })
    return data.postId ?? data.id
  }
  return (await access.postToFeed({ message: post.text, ...(post.link ? { link: post.link } : {}) })).data.id
}

/**
 * Facebook: one call, `/feed` for text and links or `/photos` for an image, with the Page token.
 * `reconcileFrom` is saved before the call leaves and cleared only when Meta's answer settles
 * the outcome, so every path that runs the target again (automatic retry, a person's retry, the
 * sweeper, a restarted worker) first searches the Page and adopts the post it finds (ADR 010).
 */
export async function publishToFacebook(
  initial: PublishTarget,
  access: FacebookPageAccess,
  post: PublishContent,
  timings: PublishTimings,
): Promise<PublishTarget> {
  if (initial.reconcileFrom) {
    const found = await findEarlierSend(initial, access, post, timings)
    if (found) return recordPublished(initial, access, found.id, found.permalinkUrl)
  }
  const photoIds = await prepare(initial.id, access, post)
  const sentAt = new Date()
  const target = await saveStep(initial.id, {
    status: 'publishing',
    stepStartedAt: sentAt,
    reconcileFrom: initial.reconcileFrom ?? sentAt,
  })
  let postId: string
  try {
    postId = await send(access, post, photoIds)
  } catch (error) {
    if (!outcomeUnknown(error)) {
      // Meta refused this very request, so it made nothing; any earlier send was searched for above.
      await saveStep(target.id, { reconcileFrom: initial.reconcileFrom })
      throw error
    }
    const found = await searchPage(target.id, access, post, target.reconcileFrom!)
    if (found) return recordPublished(target, access, found.id, found.permalinkUrl)
    // A duplicate of an older post of the Page, not of ours: the person has to change the text.
    if (error instanceof MetaApiError && error.failure.reason === 'duplicate_post') {
      await saveStep(target.id, { reconcileFrom: initial.reconcileFrom })
      throw error
    }
    throw notYetFound('Facebook did not answer when Duopost sent this post, and it is not on the Page yet.', error)
  }
  if (postId) return recordPublished(target, access, postId)
  const shown = await searchPage(target.id, access, post, target.reconcileFrom!)
  if (shown) return recordPublished(target, access, shown.id, shown.permalinkUrl)
  throw notYetFound('Facebook took the video but does not show its post on the Page yet.')
}
