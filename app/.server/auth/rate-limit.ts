import { getDatabase } from '../db.ts'
import { decide, type Bucket, type BucketStore, type RateLimitDecision, type RateLimitRule } from './rate-limit-gcra.ts'
import { memoryBuckets } from './rate-limit-memory.ts'
import { sqlBuckets } from './rate-limit-sql.ts'

export type { Bucket, RateLimitDecision, RateLimitRule } from './rate-limit-gcra.ts'

/** Stale buckets mean the same as none; each process sweeps them away at most this often. */
const SWEEP_EVERY_MS = 10 * 60_000
let lastSweep = 0

const inMemory = memoryBuckets()

/** PGlite runs in one process by construction, so it counts in memory (rate-limit-memory.ts). */
function buckets(): BucketStore {
  return getDatabase().kind === 'pglite' ? inMemory : sqlBuckets
}

/**
 * Counts one request against `key` with the generic cell rate algorithm: the bucket stores when
 * its budget is full again (`fullAtMs`); each request pushes that `windowMs / limit` later, and is
 * refused if that would put it more than `windowMs` ahead of now. Unlike fixed windows there is no
 * boundary at which a client gets twice its limit, and the wait it is told is exact.
 */
export async function consumeRateLimit(key: string, rule: RateLimitRule, now = Date.now()): Promise<RateLimitDecision> {
  const store = buckets()
  const attempt = await store.take(key, rule, now)
  await sweepNowAndThen(store, now)
  return decide(rule, now, attempt)
}

/**
 * consumeRateLimit for `first`, then for `then` unless `first` refused the request (null then): one
 * statement on PostgreSQL instead of two.
 */
export async function consumeRateLimitsInTurn(
  first: Bucket,
  then: Bucket,
  now = Date.now(),
): Promise<[RateLimitDecision, RateLimitDecision | null]> {
  const store = buckets()
  const [a, b] = await store.takeInTurn(first, then, now)
  await sweepNowAndThen(store, now)
  return [decide(first.rule, now, a), b && decide(then.rule, now, b)]
}

async function sweepNowAndThen(store: BucketStore, now: number): Promise<void> {
  if (now - lastSweep < SWEEP_EVERY_MS) return
  lastSweep = now
  await store.sweep(now)
}
