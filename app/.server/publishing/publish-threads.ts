import type { PublishTarget } from '#prisma/generated/client/client.ts'
import type { ThreadsAccess } from '../accounts/publishing-access.ts'
import { MAX_AUTOMATIC_ATTEMPTS } from './retry-policy.ts'
import { MetaApiError } from '../platforms/meta-error.ts'
import { containerErrorMessage } from '../platforms/threads/container-errors.ts'
import type { ThreadsContainerInput, ThreadsContainerState } from '../platforms/threads/client.ts'
import { outcomeUnknown } from './send-outcome.ts'
import { failureColumns, PublishStepError } from './target-failure.ts'
import { forgetUploads, markAttached, uploadEach, uploadsOf } from './media-uploads.ts'
import { itemLabel, textFor, type PublishContent, type PublishMedia } from './post-content.ts'
import { saveStep } from './target-store.ts'
import { sleep, type PublishTimings } from './timings.ts'

const RECENT_POSTS_TO_SEARCH = 25

type ItemExtras = { text?: string; isCarouselItem?: boolean }

function itemInput(item: PublishMedia, extras: ItemExtras): ThreadsContainerInput {
  const common = { ...extras, ...(item.altText ? { altText: item.altText } : {}) }
  return item.kind === 'video'
    ? { mediaType: 'VIDEO', videoUrl: item.url, ...common }
    : { mediaType: 'IMAGE', imageUrl: item.url, ...common }
}

/** The post's own container: TEXT, one IMAGE or VIDEO, or the CAROUSEL of `children` (2 to 20). */
function containerInput(post: PublishContent, children: readonly string[]): ThreadsContainerInput {
  const text = textFor(post)
  const withText = text ? { text } : {}
  if (post.media.length === 0) return { mediaType: 'TEXT', text: post.text, ...(post.link ? { linkAttachment: post.link } : {}) }
  if (post.media.length === 1) return itemInput(post.media[0]!, withText)
  return { mediaType: 'CAROUSEL', children, ...withText }
}

function isNotReady(error: unknown): boolean {
  return error instanceof MetaApiError && error.failure.reason === 'not_ready'
}

async function pollContainer(
  access: ThreadsAccess,
  containerId: string,
  media: boolean,
  timings: PublishTimings,
  item?: PublishMedia,
): Promise<ThreadsContainerState> {
  const deadline = Date.now() + timings.mediaBudgetMs
  let delay = media ? timings.firstCheckMs.media : timings.firstCheckMs.text
  for (;;) {
    await sleep(delay)
    const { data } = await access.getContainerStatus(containerId)
    if (data.status === 'ERROR') {
      const message = containerErrorMessage(data.errorMessage)
      throw new PublishStepError({
        kind: 'permanent',
        message: item ? `${itemLabel(item)}: ${message}` : message,
        action: 'edit',
        retryable: false,
      })
    }
    if (data.status !== 'IN_PROGRESS') return data.status
    if (Date.now() + delay > deadline) {
      throw new PublishStepError({
        kind: 'transient',
        message: 'Threads is still processing the media after 5 minutes. Nothing was posted yet; retry to keep waiting.',
        action: 'retry',
        retryable: true,
      })
    }
    delay = Math.min(delay * 2, timings.maxCheckIntervalMs)
  }
}

/** Hours as people say them: "24 hours", "1 hour", "90 minutes". */
export function duration(seconds: number): string {
  if (seconds % 3600 !== 0) return `${Math.round(seconds / 60)} minutes`
  return seconds === 3600 ? '1 hour' : `${seconds / 3600} hours`
}

// Meta's window is rolling and it does not say when the oldest post leaves it; an hour is a
// short wait against a full day, and few enough checks to stay within the attempt limit.
const QUOTA_RECHECK_MS = 60 * 60 * 1000

async function checkQuota(access: ThreadsAccess): Promise<void> {
  const { data: limit } = await access.getPublishingLimit()
  if (limit.used < limit.total) return
  throw new PublishStepError({
    kind: 'rate_limited',
    message:
      `Threads reports that this profile published ${limit.used} of the ${limit.total} posts it allows in ${duration(limit.windowSeconds)}, ` +
      `so nothing was posted. Duopost will check again in 1 hour, when earlier posts may have left that window, and stops after ` +
      `${MAX_AUTOMATIC_ATTEMPTS} attempts; you can also retry later yourself.`,
    action: 'wait',
    retryable: true,
    retryAfter: new Date(Date.now() + QUOTA_RECHECK_MS),
  })
}

/**
 * Threads enforces its quota when a container is published, not when it is created, so the quota
 * is asked for alongside the container instead of one round trip before it. Over the quota the
 * container is left unpublished (it expires, as ADR 005 relies on) and nothing is posted.
 */
async function createContainerWithinQuota(target: PublishTarget, access: ThreadsAccess, post: PublishContent, children: readonly string[]) {
  const quota = checkQuota(access)
  // Read below; this only keeps a refusal that arrives while the step is being saved from counting as unhandled.
  quota.catch(() => {})
  await saveStep(target.id, { status: 'creating', stepStartedAt: new Date() })
  if (children.length > 0) await markAttached(target.id)
  const [created, allowed] = await Promise.allSettled([access.createContainer(containerInput(post, children)), quota])
  // Over the quota is the reason to report, whatever happened to the container.
  if (allowed.status === 'rejected') throw allowed.reason
  if (created.status === 'rejected') throw created.reason
  return created.value.data
}

/** The post a PUBLISHED container became: Threads does not link the two, so match the text and time. */
async function findPublished(access: ThreadsAccess, post: PublishContent, since: Date | null) {
  const { data: recent } = await access.listRecentPosts(RECENT_POSTS_TO_SEARCH)
  const earliest = (since?.getTime() ?? 0) - 60_000
  const expected = post.media.length > 0 ? textFor(post) : post.text
  return recent.find((media) => (media.text ?? '') === expected && (!media.timestamp || Date.parse(media.timestamp) >= earliest)) ?? null
}

async function recordPublished(target: PublishTarget, access: ThreadsAccess, mediaId: string | null, permalink?: string | null) {
  let link = permalink ?? null
  if (mediaId && !link) link = (await access.getMedia(mediaId).catch(() => null))?.data.permalink ?? null
  return saveStep(target.id, {
    status: 'published',
    platformPostId: mediaId,
    permalink: link,
    publishedAt: new Date(),
    reconcileFrom: null,
    ...failureColumns(null),
  })
}

/**
 * A container already PUBLISHED is a published post: record it, never publish again. If no post
 * can be matched to it, it is still recorded as published, without a link.
 */
async function adoptPublished(target: PublishTarget, access: ThreadsAccess, post: PublishContent) {
  const media = await findPublished(access, post, target.reconcileFrom ?? target.stepStartedAt)
  return recordPublished(target, access, media?.id ?? null, media?.permalink)
}

async function publishOnce(target: PublishTarget, access: ThreadsAccess, post: PublishContent, timings: PublishTimings) {
  const containerId = target.containerId!
  const delays = timings.notReadyRetryDelaysMs
  for (let attempt = 0; ; attempt++) {
    const canRetry = attempt < delays.length
    let mediaId: string
    try {
      mediaId = (await access.publishContainer(containerId)).data.id
    } catch (error) {
      if (isNotReady(error) && canRetry) {
        await sleep(delays[attempt]!)
        continue
      }
      if (!outcomeUnknown(error)) {
        // Threads refused this very publish, so nothing went out.
        await saveStep(target.id, { reconcileFrom: null })
        throw error
      }
      // The publish may have gone through: the container's status says which.
      const { data } = await access.getContainerStatus(containerId)
      if (data.status === 'PUBLISHED') return adoptPublished(target, access, post)
      if (data.status === 'FINISHED' && canRetry) {
        // Not published: publishing again is safe, after a pause like any other retry.
        await sleep(delays[attempt]!)
        continue
      }
      throw error
    }
    return recordPublished(target, access, mediaId)
  }
}

/** The container ids of a carousel's items, each FINISHED, or null when they expired and must be made again. */
async function carouselChildren(target: PublishTarget, access: ThreadsAccess, post: PublishContent, timings: PublishTimings) {
  let uploads = await uploadsOf(target.id)
  // Named by a carousel container whose creation's answer was lost: that container may hold them,
  // and a child serves one carousel only, so they are set aside (unpublished, they expire).
  if (uploads.some((upload) => upload.attachedAt)) {
    await forgetUploads(target.id)
    uploads = []
  }
  await saveStep(target.id, { status: 'creating', stepStartedAt: new Date() })
  // A child whose answer was lost can never be published by itself, expires in 24 hours, and
  // Threads lists no containers to find it by: it is left unnamed (uploadEach).
  const ids = await uploadEach(target.id, post.media, uploads, async (item) => {
    const { data } = await access.createContainer(itemInput(item, { isCarouselItem: true }))
    return data.id
  })
  await saveStep(target.id, { status: 'waiting_for_media' })
  for (const [index, id] of ids.entries()) {
    const item = post.media[index]!
    const state = await pollContainer(access, id, true, timings, item)
    if (state === 'EXPIRED') return null
  }
  return ids
}

/**
 * Threads: container (for a carousel, first each child, each waited for) → wait until FINISHED →
 * publish → permalink, saving each step first. Resuming
 * a target interrupted anywhere never posts twice: a container that is already PUBLISHED is
 * recorded, a FINISHED one is published, and an unpublished container is harmless (it expires).
 */
export async function publishToThreads(
  initial: PublishTarget,
  access: ThreadsAccess,
  post: PublishContent,
  timings: PublishTimings,
): Promise<PublishTarget> {
  let target = initial
  const media = post.media.length > 0
  for (;;) {
    if (!target.containerId) {
      const children = post.media.length > 1 ? await carouselChildren(target, access, post, timings) : []
      if (!children) {
        await forgetUploads(target.id)
        continue
      }
      const data = await createContainerWithinQuota(target, access, post, children)
      target = await saveStep(target.id, { status: 'waiting_for_media', containerId: data.id })
    }
    const state = await pollContainer(access, target.containerId!, media, timings)
    if (state === 'PUBLISHED') return adoptPublished(target, access, post)
    if (state === 'EXPIRED') {
      // Unpublished for 24 hours: Threads discarded it (and its children), so fresh containers are safe.
      await forgetUploads(target.id)
      target = await saveStep(target.id, { containerId: null, status: 'creating', reconcileFrom: null })
      continue
    }
    const sentAt = new Date()
    target = await saveStep(target.id, { status: 'publishing', stepStartedAt: sentAt, reconcileFrom: target.reconcileFrom ?? sentAt })
    return publishOnce(target, access, post, timings)
  }
}
