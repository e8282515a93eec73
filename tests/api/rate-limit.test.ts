import { describe, expect, it } from 'vitest'
import { consumeRateLimit } from '#app/.server/auth/rate-limit.ts'
import { prisma } from '#app/.server/db.ts'
import { getEnv } from '#app/.server/env.ts'
import { rateLimitRule } from '#graphql/rate-limit.ts'
import { createDuopostYoga, getYoga } from '#graphql/yoga.ts'
import { sessionIdIn, signUp } from '#tests/auth/helpers.ts'
import { graphql } from '#tests/graphql/helpers.ts'
import { APP } from '#tests/utils.ts'
import { bearer, createToken, userWithToken } from './helpers.ts'

const VIEWER = '{ viewer { id } }'

/** Uses up a bucket as if `extraMs` worth of requests beyond the limit had been queued. */
async function exhaust(key: string, extraMs = 0) {
  const method = key.startsWith('token:') ? 'token' : 'session'
  const fullAtMs = BigInt(Date.now() + rateLimitRule(method).windowMs + extraMs)
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

  it('shares the count between web processes through the database', async () => {
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
