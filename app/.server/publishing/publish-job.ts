import { logEvent } from '../log.ts'
import { recordFailure, runTarget, type FailureRecord } from './run-target.ts'
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

/**
 * A retryable failure, or an unknown outcome (searched for first on the next run), goes back to
 * queued with its reason kept, so people see "retrying at …, because …"; after the last automatic
 * attempt it stays failed, in words that no longer promise a retry.
 */
function retryPolicy() {
  const decided: { retryAt?: Date } = {}
  const record: FailureRecord = (failure, runs) => {
    const recorded = recordFailure(failure)
    if (!failure.retryable) return recorded
    const attempts = Math.max(1, runs)
    if (attempts >= MAX_AUTOMATIC_ATTEMPTS) return { ...recorded, errorMessage: finalMessage(failure.message, attempts) }
    decided.retryAt = nextAttemptAt(attempts, failure.retryAfter ?? null)
    return { ...recorded, status: 'queued', retryAfter: decided.retryAt }
  }
  return { record, decided }
}

async function publishOrRequeue(targetId: string): Promise<void> {
  const claimed = await claimTarget(targetId)
  if (!claimed) return
  const policy = retryPolicy()
  await runTarget(targetId, DEFAULT_TIMINGS, claimed, policy.record)
  const at = policy.decided.retryAt
  if (!at) return
  logEvent('info', 'publish.retry_scheduled', { targetId, attempts: claimed.attempts, at: at.toISOString() })
  await enqueueTarget(targetId, at)
}
