import { prisma } from '../db.ts'
import { intervalMs, type BucketStore } from './rate-limit-gcra.ts'

/**
 * Buckets as `RateLimitBucket` rows, for PostgreSQL, where any number of web processes share them.
 * One statement applies `admit` (GREATEST(fullAtMs, now) + interval, unless more than a window
 * ahead), so concurrent requests on any process cannot both take the last slot.
 */
async function current(key: string): Promise<number | undefined> {
  const row = await prisma.rateLimitBucket.findUnique({ where: { key }, select: { fullAtMs: true } })
  return row ? Number(row.fullAtMs) : undefined
}

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
    return { taken: false, fullAtMs: await current(key) }
  },
  /**
   * Both upserts in one statement (every API request counts against its token and its person):
   * the second inserts from the first's RETURNING, so it only runs when the first was taken.
   */
  async takeInTurn(first, then, now) {
    const [a, b] = [intervalMs(first.rule), intervalMs(then.rule)]
    const [row] = await prisma.$queryRaw<{ first: bigint | null; then: bigint | null }[]>`
      WITH first_taken AS (
        INSERT INTO "RateLimitBucket" ("key", "fullAtMs") VALUES (${first.key}, ${now}::bigint + ${a}::bigint)
        ON CONFLICT ("key") DO UPDATE SET "fullAtMs" = GREATEST("RateLimitBucket"."fullAtMs", ${now}::bigint) + ${a}::bigint
        WHERE GREATEST("RateLimitBucket"."fullAtMs", ${now}::bigint) + ${a}::bigint - ${now}::bigint <= ${first.rule.windowMs}::bigint
        RETURNING "fullAtMs"
      ), then_taken AS (
        INSERT INTO "RateLimitBucket" ("key", "fullAtMs") SELECT ${then.key}, ${now}::bigint + ${b}::bigint FROM first_taken
        ON CONFLICT ("key") DO UPDATE SET "fullAtMs" = GREATEST("RateLimitBucket"."fullAtMs", ${now}::bigint) + ${b}::bigint
        WHERE GREATEST("RateLimitBucket"."fullAtMs", ${now}::bigint) + ${b}::bigint - ${now}::bigint <= ${then.rule.windowMs}::bigint
        RETURNING "fullAtMs"
      )
      SELECT (SELECT "fullAtMs" FROM first_taken) AS "first", (SELECT "fullAtMs" FROM then_taken) AS "then"`
    if (row?.first == null) return [{ taken: false, fullAtMs: await current(first.key) }, null]
    const firstAttempt = { taken: true, fullAtMs: Number(row.first) }
    if (row.then != null) return [firstAttempt, { taken: true, fullAtMs: Number(row.then) }]
    return [firstAttempt, { taken: false, fullAtMs: await current(then.key) }]
  },
  async sweep(now) {
    await prisma.rateLimitBucket.deleteMany({ where: { fullAtMs: { lt: now } } })
  },
}
