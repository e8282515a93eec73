import { prisma } from '../db.ts'
import { intervalMs, type BucketStore } from './rate-limit-gcra.ts'

/**
 * Buckets as `RateLimitBucket` rows, for PostgreSQL, where any number of web processes share them.
 * One statement applies `admit` (GREATEST(fullAtMs, now) + interval, unless more than a window
 * ahead), so concurrent requests on any process cannot both take the last slot.
 */
export const sqlBuckets: BucketStore = {
  async take(key, rule, now) {
    const interval = intervalMs(rule)
    const rows = await prisma.$queryRaw<{ fullAtMs: bigint }[]>`
      INSERT INTO "RateLimitBucket" ("key", "fullAtMs") VALUES (${key}, ${now}::bigint + ${interval}::bigint)
      ON CONFLICT ("key") DO UPDATE SET "fullAtMs" = GREATEST("RateLimitBucket"."fullAtMs", ${now}::bigint) + ${interval}::bigint
      WHERE GREATEST("RateLimitBucket"."fullAtMs", ${now}::bigint) + ${interval}::bigint - ${now}::bigint <= ${rule.windowMs}::bigint
      RETURNING "fullAtMs"`
    const taken = rows[0]
    if (taken) return { taken: true, fullAtMs: Number(taken.fullAtMs) }
    const current = await prisma.rateLimitBucket.findUnique({ where: { key }, select: { fullAtMs: true } })
    return { taken: false, fullAtMs: current ? Number(current.fullAtMs) : undefined }
  },
  async sweep(now) {
    await prisma.rateLimitBucket.deleteMany({ where: { fullAtMs: { lt: now } } })
  },
}
