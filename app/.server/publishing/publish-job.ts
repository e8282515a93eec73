import type { PublishTarget } from '#prisma/generated/client/client.ts'
import { prisma } from '../db.ts'
import { logEvent } from '../log.ts'
import { isSettled } from './post-status.ts'
import { runTarget, type TargetToRun } from './run-target.ts'
import { DEFAULT_TIMINGS } from './timings.ts'
import { enqueueTarget } from './publish-queue.ts'
import { finalMessage, MAX_AUTOMATIC_ATTEMPTS, nextAttemptAt } from './retry-policy.ts'
import { reportTargetDone } from './target-done.ts'

type ClaimRow = PublishTarget & {
  postText: string
  postImageUrl: string | null
  postLink: string | null
  postStartedAt: Date | null
  postCancelledAt: Date | null
  postScheduledAt: Date | null
}

type ClaimState = { target: TargetToRun; postStartedAt: Date | null; postCancelledAt: Date | null; postScheduledAt: Date | null }

/** The target with its post, in one statement: what the claim decides on and what publishing needs. */
async function claimState(targetId: string): Promise<ClaimState | undefined> {
  const [row] = await prisma.$queryRaw<ClaimRow[]>`
    SELECT t.*, p.text AS "postText", p."imageUrl" AS "postImageUrl", p.link AS "postLink",
      p."startedAt" AS "postStartedAt", p."cancelledAt" AS "postCancelledAt", p."scheduledAt" AS "postScheduledAt"
    FROM "PublishTarget" t JOIN "Post" p ON p.id = t."postId" WHERE t.id = ${targetId}`
  if (!row) return undefined
  const { postText, postImageUrl, postLink, postStartedAt, postCancelledAt, postScheduledAt, ...target } = row
  return {
    target: { ...target, post: { text: postText, imageUrl: postImageUrl, link: postLink } },
    postStartedAt,
    postCancelledAt,
    postScheduledAt,
  }
}

/**
 * Is this job still wanted (target not settled, post not cancelled, not a leftover of an earlier
 * schedule)? If so the post is marked started, which from then on stops it from being cancelled or
 * moved, so what is published is always what the person last saw. Returns the target to run.
 *
 * Starting is one conditional UPDATE rather than a transaction holding the post's row lock: every
 * target of a post would otherwise queue on that one row. A cancel or reschedule holds the row
 * lock while it checks `startedAt` (schedule.ts), and PostgreSQL re-checks the UPDATE's condition
 * on the row as that transaction left it, so the two can never both win.
 */
async function claim(targetId: string): Promise<TargetToRun | null> {
  const known = await claimState(targetId)
  if (!known || isSettled(known.target.status) || known.postCancelledAt) return null
  if (known.postStartedAt) return known.target
  const now = new Date()
  const dueBy = new Date(now.getTime() + 1000)
  // A leftover job of an earlier, later-moved schedule: refused without writing anything.
  if (known.postScheduledAt && known.postScheduledAt > dueBy) return null
  // The time comes from here, as in every other write: now() would follow the server's time zone.
  const started = await prisma.$executeRaw`
    UPDATE "Post" SET "startedAt" = ${now}, "updatedAt" = ${now}
    WHERE id = ${known.target.postId} AND "startedAt" IS NULL AND "cancelledAt" IS NULL AND ("scheduledAt" IS NULL OR "scheduledAt" <= ${dueBy})`
  if (started === 1) return known.target
  // Another target started the post first (still wanted), or it was cancelled or moved meanwhile.
  const after = await claimState(targetId)
  return after && !isSettled(after.target.status) && after.postStartedAt ? after.target : null
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

/** Retryable failures, and unknown outcomes (searched for first on the next run), are retried. */
const RETRIED = ['failed', 'unconfirmed'] as const

async function publishOrRequeue(targetId: string): Promise<void> {
  const claimed = await claim(targetId)
  if (!claimed) return
  // Every run counts, whatever step it resumes at, so the retry policy's limits hold; the same
  // write is the run's first heartbeat.
  const counted = await prisma.publishTarget.update({
    where: { id: targetId },
    data: { attempts: { increment: 1 }, heartbeatAt: new Date() },
    select: { attempts: true },
  })
  const target = await runTarget(targetId, DEFAULT_TIMINGS, { ...claimed, attempts: counted.attempts })
  if (!target || !RETRIED.includes(target.status as (typeof RETRIED)[number]) || !target.retryable) return
  const attempts = Math.max(1, target.attempts)
  if (attempts >= MAX_AUTOMATIC_ATTEMPTS) {
    await prisma.publishTarget.updateMany({
      where: { id: targetId, status: target.status, attempts: target.attempts },
      data: { errorMessage: finalMessage(target.errorMessage, attempts) },
    })
    return
  }
  const at = nextAttemptAt(attempts, target.retryAfter)
  // Back to queued with the reason kept, so people see "retrying at …, because …".
  const requeued = await prisma.publishTarget.updateMany({
    where: { id: targetId, status: target.status },
    data: { status: 'queued', retryAfter: at },
  })
  if (requeued.count === 0) return
  logEvent('info', 'publish.retry_scheduled', { targetId, attempts, at: at.toISOString() })
  await enqueueTarget(targetId, at)
}
