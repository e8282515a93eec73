import { prisma } from '../db.ts'
import { logEvent } from '../log.ts'
import { isSettled } from '../publishing/post-status.ts'
import { runTarget } from '../publishing/run-target.ts'
import { enqueueTarget } from './publish-queue.ts'
import { MAX_AUTOMATIC_ATTEMPTS, nextAttemptAt } from './retry-policy.ts'

/**
 * Under a lock on the post: is this job still wanted (not cancelled, not a leftover of an earlier
 * schedule, target not settled)? If so the post is marked started, which from then on stops it
 * from being cancelled or edited, so what is published is always what the person last saw.
 */
async function claim(targetId: string): Promise<boolean> {
  // Once a post has started it can no longer be cancelled or moved, so its other targets need no
  // lock: every target of a post would otherwise queue on the one post row.
  const known = await prisma.publishTarget.findUnique({ where: { id: targetId }, select: { status: true, post: { select: { startedAt: true } } } })
  if (!known || isSettled(known.status)) return false
  if (known.post.startedAt) return true
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT p.id FROM "Post" p JOIN "PublishTarget" t ON t."postId" = p.id WHERE t.id = ${targetId} FOR UPDATE OF p`
    const target = await tx.publishTarget.findUnique({
      where: { id: targetId },
      select: { status: true, postId: true, post: { select: { cancelledAt: true, scheduledAt: true, startedAt: true } } },
    })
    if (!target || isSettled(target.status) || target.post.cancelledAt) return false
    if (target.post.scheduledAt && target.post.scheduledAt.getTime() > Date.now() + 1000) return false
    if (!target.post.startedAt) await tx.post.update({ where: { id: target.postId }, data: { startedAt: new Date() } })
    return true
  })
}

/**
 * One publish job: run the target, and when it failed in a way worth retrying, queue the next
 * attempt after a backoff (at least as long as Meta asked), up to a limit.
 */
export async function handlePublishJob(targetId: string): Promise<void> {
  if (!(await claim(targetId))) return
  const target = await runTarget(targetId)
  if (!target || target.status !== 'failed' || !target.retryable) return
  const attempts = Math.max(1, target.attempts)
  if (attempts >= MAX_AUTOMATIC_ATTEMPTS) return
  const at = nextAttemptAt(attempts, target.retryAfter)
  // Back to queued with the reason kept, so people see "retrying at …, because …".
  const requeued = await prisma.publishTarget.updateMany({ where: { id: targetId, status: 'failed' }, data: { status: 'queued', retryAfter: at } })
  if (requeued.count === 0) return
  logEvent('info', 'publish.retry_scheduled', { targetId, attempts, at: at.toISOString() })
  await enqueueTarget(targetId, at)
}
