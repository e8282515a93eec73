import { MetaApiError } from '../platforms/meta-error.ts'

/**
 * Whether a call that can create a post may have done so although it failed. Only a refusal Meta
 * states for the request itself (a 4xx with its error body: invalid, rate limited, no permission)
 * proves nothing was made. A timeout, a reset, a 5xx, an answer Duopost cannot read, a 506
 * "duplicate" (an earlier send landed) or any failure on Duopost's side after the call left all
 * leave the outcome unknown: ADR 010.
 */
export function outcomeUnknown(error: unknown): boolean {
  if (!(error instanceof MetaApiError)) return true
  const { reason, httpStatus } = error.failure
  if (reason === 'unreachable' || reason === 'unexpected_response' || reason === 'duplicate_post') return true
  return httpStatus === undefined || httpStatus >= 500
}
