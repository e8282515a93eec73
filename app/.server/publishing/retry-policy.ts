/** Automatic attempts per target before a retryable failure becomes final. */
export const MAX_AUTOMATIC_ATTEMPTS = 5

const BASE_MS = 30_000
const CAP_MS = 30 * 60_000

/**
 * When to try a target again after its `attempts`-th retryable failure: exponential backoff with
 * jitter (so many targets failing together do not return together), and never before the time Meta
 * said access comes back.
 */
export function nextAttemptAt(attempts: number, retryAfter: Date | null, now = Date.now(), random = Math.random): Date {
  const ceiling = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attempts - 1))
  const backoff = ceiling / 2 + random() * (ceiling / 2)
  return new Date(Math.max(now + backoff, retryAfter?.getTime() ?? 0))
}

// The promise of another automatic attempt, in the words Duopost's messages use for it.
const WILL_RETRY = /\s*Duopost (?:will|tries)[^.]*(?:again|retry)[^.]*\./g

/** A failure's words once no automatic attempt is left: the promise to try again no longer holds. */
export function finalMessage(message: string | null, attempts: number): string {
  const reason = (message ?? '').replace(WILL_RETRY, '').trim()
  return `${reason} Duopost tried ${attempts} times and has stopped; use Retry when you are ready.`.trim()
}
