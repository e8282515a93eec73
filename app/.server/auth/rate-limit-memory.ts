import { admit, type Attempt, type BucketStore, type RateLimitRule } from './rate-limit-gcra.ts'

/**
 * Buckets in this process's memory, `fullAtMs` by key. Only for PGlite: its data directory opens
 * in one process at a time and `npm start` serves web and jobs from that one process, so there is
 * no other process to share a count with, and a database bucket would only cost a statement on
 * the server's own thread per request. `buckets` is a parameter so tests can look inside.
 */
export function memoryBuckets(buckets = new Map<string, number>()): BucketStore {
  // Atomic because nothing awaits between the read and the write: no other request runs between.
  const take = (key: string, rule: RateLimitRule, now: number): Attempt => {
    const current = buckets.get(key)
    const next = admit(current, rule, now)
    if (next === undefined) return { taken: false, fullAtMs: current }
    buckets.set(key, next)
    return { taken: true, fullAtMs: next }
  }
  return {
    async take(key, rule, now) {
      return take(key, rule, now)
    },
    async takeInTurn(first, then, now) {
      const attempt = take(first.key, first.rule, now)
      return [attempt, attempt.taken ? take(then.key, then.rule, now) : null]
    },
    async sweep(now) {
      for (const [key, fullAtMs] of buckets) if (fullAtMs < now) buckets.delete(key)
    },
  }
}
