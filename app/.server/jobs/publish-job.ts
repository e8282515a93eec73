import type { TargetStatus } from '#prisma/generated/client/client.ts'
import { prisma } from '../db.ts'
import { logEvent } from '../log.ts'
import { isSettled } from '../publishing/post-status.ts'
import { runTarget } from '../publishing/run-target.ts'
import { enqueueTarget } from './publish-queue.ts'
import { MAX_AUTOMATIC_ATTEMPTS, nextAttemptAt } from './retry-policy.ts'
import { reportTargetDone } from './target-done.ts'

type ClaimState = { status: TargetStatus; postId: string; startedAt: Date | null; cancelledAt: Date | null; scheduledAt: Date | null }

async function claimState(targetId: string): Promise<ClaimState | undefined> {
  const [state] = await prisma.$queryRaw<ClaimState[]>`
    SELECT t.status, t."postId", p."startedAt", p."cancelledAt", p."scheduledAt"
    FROM "PublishTarget" t JOIN "Post" p ON p.id = t."postId" WHERE t.id = ${targetId}`
  return state
}

/**
 * Is this job still wanted (target not settled, post not cancelled, not a leftover of an earlier
 * schedule)? If so the post is marked started, which from then on stops it from being cancelled or
 * moved, so what is published is always what the person last saw.
 *
 * Starting is one conditional UPDATE rather than a transaction holding the post's row lock: every
 * target of a post would otherwise queue on that one row. A cancel or reschedule holds the row
 * lock while it checks `startedAt` (schedule.ts), and PostgreSQL re-checks the UPDATE's condition
 * on the row as that transaction left it, so the two can never both win.
 */
async function claim(targetId: string): Promise<boolean> {
  const known = await claimState(targetId)
  if (!known || isSettled(known.status) || known.cancelledAt) return false
  if (known.startedAt) return true
  if (known.scheduledAt && known.scheduledAt.getTime() > Date.now() + 1000) return false
  const now = new Date()
  const dueBy = new Date(now.getTime() + 1000)
  // The time comes from here, as in every other write: now() would follow the server's time zone.
  const started = await prisma.$executeRaw`
    UPDATE "Post" SET "startedAt" = ${now}, "updatedAt" = ${now}
    WHERE id = ${known.postId} AND "startedAt" IS NULL AND "cancelledAt" IS NULL AND ("scheduledAt" IS NULL OR "scheduledAt" <= ${dueBy})`
  if (started === 1) return true
  // Another target started the post first (still wanted), or it was cancelled or moved meanwhile.
  const after = await claimState(targetId)
  return after !== undefined && !isSettled(after.status) && after.startedAt !== null
}

/**
 * One publish job: run the target, and when it failed in a way worth retrying, queue the next
 * attempt after a backoff (at least as long as Meta asked), up to a limit.
 */
export async function handlePublishJob(targetId: string): Promise<void> {
  try {
    await publishOrRequeue(targetId)
  } finally {
    reportTargetDone(targetId)
  }
}

async function publishOrRequeue(targetId: string): Promise<void> {
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
