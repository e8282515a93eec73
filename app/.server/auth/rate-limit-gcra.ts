/** At most `limit` requests in any `windowMs`, all at once if the client likes. */
export type RateLimitRule = { limit: number; windowMs: number }

export type RateLimitDecision = {
  allowed: boolean
  limit: number
  /** Requests that may still be sent right now. */
  remaining: number
  /** Seconds until the whole budget is available again. */
  resetSeconds: number
  /** Seconds to wait before the next request is allowed; 0 when allowed. */
  retryAfterSeconds: number
}

/** One bucket and the rule it counts by. */
export type Bucket = { key: string; rule: RateLimitRule }

/** What a store did with one request, and the bucket's `fullAtMs` afterwards (undefined: it has none). */
export type Attempt = { taken: boolean; fullAtMs: number | undefined }

/**
 * Where buckets live. `take` applies `admit` to the key's bucket and must do so atomically: two
 * requests that both read the bucket before either writes it could both take the last slot.
 */
export type BucketStore = {
  take(key: string, rule: RateLimitRule, now: number): Promise<Attempt>
  /** `take` for `first`, then for `then` only if `first` was taken; null when `then` was not tried. */
  takeInTurn(first: Bucket, then: Bucket, now: number): Promise<[Attempt, Attempt | null]>
  /** Forgets buckets whose budget is full again: they mean the same as no bucket. */
  sweep(now: number): Promise<void>
}

/** How much later each request pushes `fullAtMs`. */
export function intervalMs(rule: RateLimitRule): number {
  return Math.ceil(rule.windowMs / rule.limit)
}

/**
 * The bucket's `fullAtMs` once it takes one more request, or undefined when that would put it more
 * than `windowMs` ahead of now, which refuses the request. The SQL store says the same in SQL.
 */
export function admit(fullAtMs: number | undefined, rule: RateLimitRule, now: number): number | undefined {
  const next = Math.max(fullAtMs ?? now, now) + intervalMs(rule)
  return next - now <= rule.windowMs ? next : undefined
}

export function decide(rule: RateLimitRule, now: number, attempt: Attempt): RateLimitDecision {
  const interval = intervalMs(rule)
  const ahead = (attempt.fullAtMs ?? now) - now
  if (attempt.taken) {
    return decision(rule, { allowed: true, remaining: Math.floor((rule.windowMs - ahead) / interval), resetMs: ahead, retryMs: 0 })
  }
  // Refused until one more interval fits in the window again.
  return decision(rule, { allowed: false, remaining: 0, resetMs: ahead, retryMs: ahead + interval - rule.windowMs })
}

function decision(rule: RateLimitRule, d: { allowed: boolean; remaining: number; resetMs: number; retryMs: number }): RateLimitDecision {
  return {
    allowed: d.allowed,
    limit: rule.limit,
    remaining: Math.max(0, d.remaining),
    resetSeconds: Math.max(0, Math.ceil(d.resetMs / 1000)),
    // Never "retry in 0 seconds" for a refused request.
    retryAfterSeconds: d.allowed ? 0 : Math.max(1, Math.ceil(d.retryMs / 1000)),
  }
}
