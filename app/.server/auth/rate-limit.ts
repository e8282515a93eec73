import { prisma } from '../db.ts'

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

/** Stale rows mean the same as no row; each process sweeps them away at most this often. */
const SWEEP_EVERY_MS = 10 * 60_000
let lastSweep = 0

/**
 * Counts one request against `key` with the generic cell rate algorithm: the bucket stores when
 * its budget is full again (`fullAtMs`); each request pushes that `windowMs / limit` later, and is
 * refused if that would put it more than `windowMs` ahead of now. Unlike fixed windows there is no
 * boundary at which a client gets twice its limit, and the wait it is told is exact. One SQL
 * statement decides, so concurrent requests on any number of web processes cannot both take the
 * last slot.
 */
export async function consumeRateLimit(key: string, rule: RateLimitRule, now = Date.now()): Promise<RateLimitDecision> {
  const interval = Math.ceil(rule.windowMs / rule.limit)
  const rows = await prisma.$queryRaw<{ fullAtMs: bigint }[]>`
    INSERT INTO "RateLimitBucket" ("key", "fullAtMs") VALUES (${key}, ${now}::bigint + ${interval}::bigint)
    ON CONFLICT ("key") DO UPDATE SET "fullAtMs" = GREATEST("RateLimitBucket"."fullAtMs", ${now}::bigint) + ${interval}::bigint
    WHERE GREATEST("RateLimitBucket"."fullAtMs", ${now}::bigint) + ${interval}::bigint - ${now}::bigint <= ${rule.windowMs}::bigint
    RETURNING "fullAtMs"`
  await sweep(now)
  const taken = rows[0]
  if (taken) {
    const ahead = Number(taken.fullAtMs) - now
    return decision(rule, { allowed: true, remaining: Math.floor((rule.windowMs - ahead) / interval), resetMs: ahead, retryMs: 0 })
  }
  const current = await prisma.rateLimitBucket.findUnique({ where: { key }, select: { fullAtMs: true } })
  const ahead = Number(current?.fullAtMs ?? now) - now
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

async function sweep(now: number): Promise<void> {
  if (now - lastSweep < SWEEP_EVERY_MS) return
  lastSweep = now
  await prisma.rateLimitBucket.deleteMany({ where: { fullAtMs: { lt: now } } })
}
