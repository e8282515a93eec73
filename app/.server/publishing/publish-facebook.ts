import type { PublishTarget } from '#prisma/generated/client/client.ts'
import type { FacebookPageAccess } from '../accounts/publishing-access.ts'
import { MetaApiError } from '../platforms/meta-error.ts'
import { textFor, type PostContent } from './post-content.ts'
import { failureColumns, PublishStepError } from './target-failure.ts'
import { saveStep } from './target-store.ts'

// How far before the send to look in the Page's feed: Meta's created_time and our clock may differ.
const CLOCK_SKEW_MS = 2 * 60_000
const FEED_POSTS_TO_SEARCH = 100

const unconfirmed = () =>
  new PublishStepError({
    kind: 'transient',
    message:
      'Facebook did not answer when Duopost sent this post, and it is not on the Page yet. Check the Page: if the post is missing, retry; if it is there, nothing more is needed.',
    action: 'retry',
    retryable: true,
    unconfirmed: true,
  })

async function recordPublished(target: PublishTarget, access: FacebookPageAccess, postId: string, permalink?: string) {
  const link = permalink ?? (await access.getPost(postId).catch(() => null))?.data.permalinkUrl ?? null
  return saveStep(target.id, {
    status: 'published',
    providerPostId: postId,
    permalink: link,
    publishedAt: new Date(),
    ...failureColumns(null),
  })
}

/**
 * Looks for the post in the Page's recent feed after a send whose answer was lost. Found: it is
 * published. Not found, or the feed cannot be read: unconfirmed, never sent again blindly.
 */
async function reconcile(target: PublishTarget, access: FacebookPageAccess, post: PostContent): Promise<PublishTarget> {
  const since = Math.floor(((target.stepStartedAt?.getTime() ?? Date.now()) - CLOCK_SKEW_MS) / 1000)
  const feed = await access.getFeed({ since, limit: FEED_POSTS_TO_SEARCH }).catch(() => null)
  const expected = textFor(post)
  const match = feed?.data.find((candidate) => (candidate.message ?? '') === expected)
  if (match) return recordPublished(target, access, match.id, match.permalinkUrl)
  throw unconfirmed()
}

/**
 * Facebook: one call, `/feed` for text and links or `/photos` for an image, with the Page token.
 * The step is saved as `publishing` before the call, so a target found in that state was
 * interrupted and is reconciled against the Page's feed instead of being posted again.
 */
export async function publishToFacebook(initial: PublishTarget, access: FacebookPageAccess, post: PostContent): Promise<PublishTarget> {
  if (initial.status === 'publishing') return reconcile(initial, access, post)
  const target = await saveStep(initial.id, { status: 'publishing', stepStartedAt: new Date(), attempts: { increment: 1 } })
  let postId: string
  try {
    postId = post.imageUrl
      ? await access.postPhoto({ url: post.imageUrl, caption: textFor(post) }).then(({ data }) => data.postId ?? data.id)
      : await access.postToFeed({ message: post.text, ...(post.link ? { link: post.link } : {}) }).then(({ data }) => data.id)
  } catch (error) {
    if (error instanceof MetaApiError && error.failure.reason === 'unreachable') return reconcile(target, access, post)
    throw error
  }
  return recordPublished(target, access, postId)
}
