import type { TargetStatus } from '#prisma/generated/client/client.ts'
import { isInFlight } from './target-states.ts'

export type PostStatus = 'scheduled' | 'cancelled' | 'publishing' | 'published' | 'partial' | 'failed' | 'unconfirmed'

/** A post's status is its targets' outcomes taken together; it is never stored. */
export function postStatus(
  post: { scheduledAt: Date | null; cancelledAt: Date | null },
  targets: readonly { status: TargetStatus }[],
  now = Date.now(),
): PostStatus {
  if (post.cancelledAt) return 'cancelled'
  const statuses = targets.map((target) => target.status)
  if (statuses.some(isInFlight)) {
    const waiting = post.scheduledAt !== null && post.scheduledAt.getTime() > now && statuses.every((s) => s === 'queued')
    return waiting ? 'scheduled' : 'publishing'
  }
  if (statuses.includes('unconfirmed')) return 'unconfirmed'
  const published = statuses.filter((status) => status === 'published').length
  if (published === statuses.length) return 'published'
  return published === 0 ? 'failed' : 'partial'
}
