import { prisma } from '../db.ts'
import { logEvent } from '../log.ts'
import { runTarget } from './run-target.ts'
import { claimTarget } from './target-claim.ts'
import { DEFAULT_TIMINGS } from './timings.ts'
import { enqueueTarget } from './publish-queue.ts'
import { finalMessage, MAX_AUTOMATIC_ATTEMPTS, nextAttemptAt } from './retry-policy.ts'
import { reportTargetDone } from './target-done.ts'

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
  const claimed = await claimTarget(targetId)
  if (!claimed) return
  const target = await runTarget(targetId, DEFAULT_TIMINGS, claimed)
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
