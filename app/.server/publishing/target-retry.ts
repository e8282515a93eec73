import type { AccountStatus, PublishTarget } from '#prisma/generated/client/client.ts'

export type RetryFacts = Pick<PublishTarget, 'status' | 'attempts' | 'retryAfter' | 'retryable' | 'errorKind'> & {
  account?: { status: AccountStatus } | null
}

/** Queued again after a failure, waiting for its automatic retry. */
export function awaitingRetry(target: Pick<PublishTarget, 'status' | 'attempts' | 'retryAfter'>): boolean {
  return target.status === 'queued' && target.attempts > 0 && target.retryAfter !== null
}

/**
 * Whether a person's retry can help now: a failure worth retrying, a target waiting for its
 * automatic retry, or one that failed because of its connection once that connection is ACTIVE
 * again (the person reconnected as told). The one rule the API, the dashboard and
 * `retryPublishTargets` share.
 */
export function retryableNow(target: RetryFacts): boolean {
  if (awaitingRetry(target)) return true
  if (target.status !== 'failed' && target.status !== 'unconfirmed') return false
  if (target.retryable) return true
  return target.errorKind === 'reconnect' && target.account?.status === 'ACTIVE'
}
