import { describe, expect, it } from 'vitest'
import { consumeRateLimit } from '#app/.server/auth/rate-limit.ts'
import type { BucketStore } from '#app/.server/auth/rate-limit-gcra.ts'
import { memoryBuckets } from '#app/.server/auth/rate-limit-memory.ts'
import { sqlBuckets } from '#app/.server/auth/rate-limit-sql.ts'
import { getDatabase, prisma } from '#app/.server/db.ts'
import { getEnv } from '#app/.server/env.ts'
import { rateLimitRule } from '#graphql/rate-limit.ts'
import { createDuopostYoga, getYoga } from '#graphql/yoga.ts'
import { sessionIdIn, signUp } from '#tests/auth/helpers.ts'
import { graphql } from '#tests/graphql/helpers.ts'
import { APP } from '#tests/utils.ts'
import { bearer, createToken, userWithToken } from './helpers.ts'

const VIEWER = '{ viewer { id } }'

const onPostgres = getDatabase().kind === 'postgresql'

function ruleFor(key: string) {
  return rateLimitRule(key.startsWith('token:') ? 'token' : 'session')
}

/**
 * How long past its window a used-up bucket stays used up by default: long enough for the test's
 * next request, even after 600 statements on PostgreSQL (a session's interval is only 100 ms).
 */
const MARGIN_MS = 5_000

/**
 * Uses up a bucket as if `extraMs` worth of requests beyond the limit had been queued: the whole
 * budget spent `extraMs` from now. Goes through the limiter, so it works wherever it counts.
 */
async function exhaust(key: string, extraMs = MARGIN_MS) {
  const rule = ruleFor(key)
  const at = Date.now() + extraMs
  await Promise.all(Array.from({ length: rule.limit }, () => consumeRateLimit(key, rule, at)))
}

/** What another web process on the same PostgreSQL database would leave behind for `exhaust`. */
async function exhaustFromAnotherProcess(key: string) {
  const fullAtMs = BigInt(Date.now() + ruleFor(key).windowMs + MARGIN_MS)
  await prisma.rateLimitBucket.upsert({ where: { key }, create: { key, fullAtMs }, update: { fullAtMs } })
}

describe('the rate limiter', () => {
  it('allows `limit` requests at once, then one per windowMs/limit, and says exactly how long to wait', async () => {
    const rule = { limit: 3, windowMs: 3000 }
    const at = (now: number) => consumeRateLimit('unit:gcra', rule, 1_000_000 + now)
    expect(await at(0)).toEqual({ allowed: true, limit: 3, remaining: 2, resetSeconds: 1, retryAfterSeconds: 0 })
    expect(await at(0)).toMatchObject({ allowed: true, remaining: 1, resetSeconds: 2 })
    expect(await at(0)).toMatchObject({ allowed: true, remaining: 0, resetSeconds: 3 })
    expect(await at(400)).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 1 })
    expect(await at(1000)).toMatchObject({ allowed: true, remaining: 0 })
    expect(await at(1000)).toMatchObject({ allowed: false })
    // After a full window of silence the whole budget is back.
    expect(await at(5000)).toMatchObject({ allowed: true, remaining: 2 })
  })

  it('never lets concurrent requests both take the last slot', async () => {
    const rule = { limit: 5, windowMs: 5000 }
    const decisions = await Promise.all(Array.from({ length: 12 }, () => consumeRateLimit('unit:race', rule, 2_000_000)))
    const allowed = decisions.filter((decision) => decision.allowed)
    expect(allowed.map((decision) => decision.remaining).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4])
    expect(decisions.filter((decision) => !decision.allowed)).toHaveLength(7)
  })
})

describe('the bucket stores', () => {
  const rule = { limit: 3, windowMs: 3000 }
  const script = [0, 0, 0, 0, 400, 1000, 1000, 2500, 2500, 9000]

  async function replay(store: BucketStore, key: string) {
    const attempts = []
    for (const now of script) attempts.push(await store.take(key, rule, 3_000_000 + now))
    return attempts
  }

  it('take and refuse the same requests, leaving the same fullAtMs, in memory and in SQL', async () => {
    const inMemory = await replay(memoryBuckets(), 'unit:same')
    expect(inMemory.map((attempt) => attempt.taken)).toEqual([true, true, true, false, false, true, false, true, false, true])
    expect(await replay(sqlBuckets, 'unit:same')).toEqual(inMemory)
  })

  it('sweep drops the buckets whose budget is full again, in memory', async () => {
    const buckets = new Map<string, number>()
    const store = memoryBuckets(buckets)
    await store.take('early', rule, 0)
    await store.take('late', rule, 900)
    await store.take('busy', rule, 0)
    await store.take('busy', rule, 0)
    await store.sweep(1001)
    expect(Object.fromEntries(buckets)).toEqual({ late: 1900, busy: 2000 })
    await store.sweep(2001)
    expect(buckets.size).toBe(0)
  })
})

describe('where the rate limiter counts', () => {
  const rule = { limit: 2, windowMs: 2000 }

  it.runIf(onPostgres)('on PostgreSQL, in a RateLimitBucket row that every web process shares', async () => {
    const now = Date.now()
    await consumeRateLimit('unit:row', rule, now)
    expect(await prisma.rateLimitBucket.findUnique({ where: { key: 'unit:row' } })).toEqual({
      key: 'unit:row',
      fullAtMs: BigInt(now + 1000),
    })
  })

  it.runIf(!onPostgres)('on PGlite, in memory: its one process has no one to share the count with', async () => {
    const now = Date.now()
    expect(await consumeRateLimit('unit:memory', rule, now)).toMatchObject({ allowed: true })
    expect(await consumeRateLimit('unit:memory', rule, now)).toMatchObject({ allowed: true })
    expect(await consumeRateLimit('unit:memory', rule, now)).toMatchObject({ allowed: false })
    expect(await prisma.rateLimitBucket.findUnique({ where: { key: 'unit:memory' } })).toBeNull()
  })
})

describe('rate limits on /graphql', () => {
  const TOKEN = rateLimitRule('token')
  const SESSION = rateLimitRule('session')

  it(`lets a token send ${TOKEN.limit} requests at once and refuses the rest with 429`, async () => {
    const { secret } = await userWithToken(['READ'])
    const started = Date.now()
    const burst = TOKEN.limit + 10
    const results = await Promise.all(Array.from({ length: burst }, () => graphql(VIEWER, { headers: bearer(secret) })))
    const seconds = (Date.now() - started) / 1000
    const allowed = results.filter((result) => result.status === 200).length
    const refused = results.filter((result) => result.status === 429)
    // The budget refills at limit/window while the burst is under way, never faster.
    const refill = Math.ceil((seconds * TOKEN.limit * 1000) / TOKEN.windowMs)
    expect(allowed).toBeGreaterThanOrEqual(TOKEN.limit)
    expect(allowed).toBeLessThanOrEqual(TOKEN.limit + refill)
    expect(allowed + refused.length).toBe(burst)
  })

  it('answers 429 with Retry-After and a RATE_LIMITED error saying when to retry', async () => {
    const { secret, token } = await userWithToken(['READ'])
    await exhaust(`token:${token.apiToken.id}`, 10_000)
    const refused = await graphql(VIEWER, { headers: bearer(secret) })
    expect(refused.status).toBe(429)
    const retryAfter = Number(refused.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThanOrEqual(10)
    expect(retryAfter).toBeLessThanOrEqual(11)
    expect(refused.body.data).toBeUndefined()
    expect(refused.body.errors).toEqual([
      {
        message: `Too many requests with this access token: the limit is ${TOKEN.limit} per 60 seconds. Retry in ${retryAfter} seconds.`,
        extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter },
      },
    ])
    expect(refused.headers.get('ratelimit-remaining')).toBe('0')
  })

  it('counts each token on its own', async () => {
    const { cookie, secret, token } = await userWithToken(['READ'])
    const other = await createToken(cookie, { name: 'second program', scopes: ['READ'] })
    await exhaust(`token:${token.apiToken.id}`)
    expect((await graphql(VIEWER, { headers: bearer(secret) })).status).toBe(429)
    expect((await graphql(VIEWER, { headers: bearer(other.secret) })).status).toBe(200)
    // The person's browser session is not held up by their program either.
    expect((await graphql(VIEWER, { cookie })).status).toBe(200)
  })

  it('reports the budget left on every counted response', async () => {
    const { secret } = await userWithToken(['READ'])
    const first = await graphql(VIEWER, { headers: bearer(secret) })
    expect(first.headers.get('ratelimit-limit')).toBe(String(TOKEN.limit))
    expect(first.headers.get('ratelimit-remaining')).toBe(String(TOKEN.limit - 1))
    expect(Number(first.headers.get('ratelimit-reset'))).toBe(1)
    const anonymous = await graphql(VIEWER)
    expect(anonymous.headers.get('ratelimit-limit')).toBeNull()
  })

  it('shares the count between yoga instances in one process', async () => {
    const { secret } = await userWithToken(['READ'])
    const processes = [createDuopostYoga(getEnv()), createDuopostYoga(getEnv())]
    const remaining: string[] = []
    for (const yoga of [...processes, ...processes]) {
      const response = await yoga.fetch(`${APP}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(secret) },
        body: JSON.stringify({ query: VIEWER }),
      })
      remaining.push(response.headers.get('ratelimit-remaining')!)
    }
    const limit = TOKEN.limit
    expect(remaining).toEqual([limit - 1, limit - 2, limit - 3, limit - 4].map(String))
  })

  it.runIf(onPostgres)('on PostgreSQL, refuses a token whose bucket another web process used up', async () => {
    const { secret, token } = await userWithToken(['READ'])
    await exhaustFromAnotherProcess(`token:${token.apiToken.id}`)
    const refused = await graphql(VIEWER, { headers: bearer(secret) })
    expect(refused.status).toBe(429)
    expect(refused.headers.get('ratelimit-remaining')).toBe('0')
  })

  it('gives a browser session a generous limit of its own, dashboard requests included', async () => {
    expect(SESSION.limit).toBeGreaterThanOrEqual(5 * TOKEN.limit)
    const { cookie } = await signUp('busy-dashboard@example.com')
    const counted = await graphql(VIEWER, { cookie })
    expect(counted.headers.get('ratelimit-limit')).toBe(String(SESSION.limit))

    await exhaust(`session:${sessionIdIn(cookie)}`)
    const refused = await getYoga().fetch(`${APP}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ query: VIEWER }),
    })
    expect(refused.status).toBe(429)
    const body = (await refused.json()) as { errors: { message: string }[] }
    expect(body.errors[0]!.message).toMatch(/^Too many requests with this browser session/)
  })
})

describe('per-person and per-address API limits', () => {
  /** Spends a whole budget of `limit` a minute for `key`, as the limiter would have counted it. */
  async function spend(key: string, limit: number) {
    const at = Date.now() + MARGIN_MS
    await Promise.all(Array.from({ length: limit }, () => consumeRateLimit(key, { limit, windowMs: 60_000 }, at)))
  }

  function fromAddress(clientIp: string, headers: Record<string, string> = {}) {
    return getYoga().fetch(
      `${APP}/graphql`,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: VIEWER }) },
      { clientIp },
    )
  }

  it('bounds one person over all their tokens: a new token brings no new budget', async () => {
    const { cookie, userId } = await userWithToken(['READ'])
    const fresh = await createToken(cookie, { name: 'another one', scopes: ['READ'] })
    await spend(`user:${userId}`, getEnv().USER_RATE_LIMIT)
    const refused = await graphql(VIEWER, { headers: bearer(fresh.secret) })
    expect(refused.status).toBe(429)
    expect(refused.body.errors?.[0]?.message).toMatch(/^Too many requests for your account \(all its tokens and sessions together\)/)
  })

  it('bounds one address before authentication: anonymous requests and invalid tokens count too', async () => {
    const address = '203.0.113.50'
    expect((await fromAddress(address, bearer('dp_not-a-real-token'))).status).toBe(401)
    await spend(`address:${address}`, getEnv().ADDRESS_RATE_LIMIT)
    for (const headers of [{}, bearer('dp_not-a-real-token')]) {
      const refused = await fromAddress(address, headers)
      expect(refused.status).toBe(429)
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/)
      const body = (await refused.json()) as { errors: { message: string }[] }
      expect(body.errors[0]!.message).toMatch(/^Too many requests from your network address/)
    }
    expect((await fromAddress('203.0.113.51', bearer('dp_not-a-real-token'))).status).toBe(401)
  })
})
