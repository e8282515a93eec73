import { setTimeout as sleep } from 'node:timers/promises'
import { postStatus } from './post-status.ts'
import { findPost, PostNotFoundError } from './publish-post.ts'

export type PostUpdatesOptions = {
  /** How often the targets are read again. */
  intervalMs?: number
  /** When to stop following a post that has not settled (a scheduled one, say). */
  timeoutMs?: number
  /** Stops following early, e.g. when the client goes away. */
  signal?: AbortSignal
}

export const POST_UPDATES_INTERVAL_MS = 400
export const POST_UPDATES_TIMEOUT_MS = 15 * 60_000

type PostWithTargets = NonNullable<Awaited<ReturnType<typeof findPost>>>

const UNSETTLED = new Set(['scheduled', 'publishing'])

// Everything about the targets that a follower would want to see change.
function fingerprint(post: PostWithTargets): string {
  return JSON.stringify([post.cancelledAt, post.targets.map((t) => [t.id, t.status, t.attempts, t.updatedAt.getTime()])])
}

async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  await sleep(ms, undefined, { signal }).catch((error: unknown) => {
    if (!(error instanceof Error && error.name === 'AbortError')) throw error
  })
}

/**
 * Yields the user's post at once, then again each time one of its targets changes, and ends once
 * the post has settled (published, partial, failed, unconfirmed or cancelled), after the timeout,
 * or when the signal aborts. Targets are changed by workers in other processes, so the database is
 * read again every `intervalMs` rather than listening for events in this process.
 */
export async function* postUpdates(userId: string, postId: string, options: PostUpdatesOptions = {}): AsyncGenerator<PostWithTargets> {
  const { intervalMs = POST_UPDATES_INTERVAL_MS, timeoutMs = POST_UPDATES_TIMEOUT_MS, signal } = options
  const deadline = Date.now() + timeoutMs
  let post = await findPost(userId, postId)
  if (!post) throw new PostNotFoundError()
  let seen = fingerprint(post)
  yield post
  while (UNSETTLED.has(postStatus(post, post.targets)) && Date.now() < deadline && !signal?.aborted) {
    await pause(intervalMs, signal)
    if (signal?.aborted) return
    const latest = await findPost(userId, postId)
    // Deleted meanwhile (with its owner's account): there is nothing more to follow.
    if (!latest) return
    post = latest
    if (fingerprint(post) === seen) continue
    seen = fingerprint(post)
    yield post
  }
}
