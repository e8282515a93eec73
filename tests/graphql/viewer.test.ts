import { describe, expect, it } from 'vitest'
import { parseEnv } from '#app/.server/env.ts'
import { createDuopostYoga, getYoga } from '#graphql/yoga.ts'
import { signUp } from '#tests/auth/helpers.ts'
import { APP } from '#tests/utils.ts'
import { graphql } from './helpers.ts'

const VIEWER = '{ viewer { id email createdAt } }'

describe('viewer', () => {
  it('is the signed-in user when the session cookie is valid', async () => {
    const { cookie } = await signUp('viewer@example.com')
    const result = await graphql<{ viewer: { email: string; createdAt: string } }>(VIEWER, { cookie })
    expect(result.status).toBe(200)
    expect(result.body.errors).toBeUndefined()
    expect(result.body.data?.viewer.email).toBe('viewer@example.com')
    expect(new Date(result.body.data!.viewer.createdAt).toString()).not.toBe('Invalid Date')
  })

  it('is null without a session', async () => {
    const result = await graphql(VIEWER)
    expect(result.body).toEqual({ data: { viewer: null } })
  })

  it('is null with a forged or tampered cookie', async () => {
    const { cookie } = await signUp('forged@example.com')
    const [name, value] = cookie.split('=') as [string, string]
    const tampered = `${name}=${value.slice(0, -3)}${value.endsWith('abc') ? 'xyz' : 'abc'}`
    const unsigned = `${name}=${Buffer.from(JSON.stringify('a-guessed-session-id')).toString('base64')}`
    for (const forged of [tampered, unsigned, `${name}=garbage`]) {
      const result = await graphql(VIEWER, { cookie: forged })
      expect(result.body).toEqual({ data: { viewer: null } })
    }
  })

  it('refuses an unknown bearer token with 401 and says what to do', async () => {
    const result = await graphql(VIEWER, { headers: { authorization: 'Bearer dp_not_a_real_token' } })
    expect(result.status).toBe(401)
    expect(result.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
    expect(result.body.errors?.[0]?.message).toMatch(/not one Duopost issued.*Create a new one under Settings → API tokens/)
  })

  it('never lets a bearer header fall back to the cookie sent with it', async () => {
    const { cookie } = await signUp('mixed@example.com')
    const result = await graphql(VIEWER, { cookie, headers: { authorization: 'Bearer nope' } })
    expect(result.status).toBe(401)
  })
})

describe('/graphql hardening', () => {
  it('refuses a cookie-authenticated form POST (what a cross-site form could send)', async () => {
    const { cookie } = await signUp('csrf@example.com')
    const response = await getYoga().fetch(`${APP}/graphql`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: VIEWER }),
    })
    expect(response.status).toBe(403)
    const body = (await response.json()) as { errors: { message: string }[] }
    expect(body.errors[0]!.message).toMatch(/send it as JSON or add the "x-graphql-csrf" header/)
  })

  it('refuses a cookie-authenticated GET without the CSRF header, and serves it with the header', async () => {
    const { cookie } = await signUp('csrf-get@example.com')
    const url = `${APP}/graphql?query=${encodeURIComponent(VIEWER)}`
    const bare = await getYoga().fetch(url, { headers: { cookie, accept: 'application/json' } })
    expect(bare.status).toBe(403)
    const withHeader = await getYoga().fetch(url, { headers: { cookie, accept: 'application/json', 'x-graphql-csrf': '1' } })
    expect(withHeader.status).toBe(200)
    expect(((await withHeader.json()) as { data: { viewer: { email: string } } }).data.viewer.email).toBe('csrf-get@example.com')
  })

  it('does not reflect a foreign Origin in CORS headers', async () => {
    const response = await getYoga().fetch(`${APP}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    })
    expect(response.headers.get('access-control-allow-origin')).not.toBe('https://evil.example')
    const own = await getYoga().fetch(`${APP}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: APP, 'access-control-request-method': 'POST' },
    })
    expect(own.headers.get('access-control-allow-origin')).toBe(APP)
  })

  it('serves GraphiQL outside production only', async () => {
    const page = { headers: { accept: 'text/html' } }
    const development = await getYoga().fetch(`${APP}/graphql`, page)
    expect(development.status).toBe(200)
    expect(await development.text()).toContain('Duopost GraphQL API')

    const production = createDuopostYoga(parseEnv({ ...process.env, NODE_ENV: 'production' }))
    const response = await production.fetch(`${APP}/graphql`, page)
    expect(await response.text()).not.toContain('<html')
  })
})
