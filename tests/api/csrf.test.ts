import { describe, expect, it } from 'vitest'
import { prisma } from '#app/.server/db.ts'
import { getYoga } from '#graphql/yoga.ts'
import { PASSWORD, signUp } from '#tests/auth/helpers.ts'
import { APP } from '#tests/utils.ts'
import { bearer, userWithToken } from './helpers.ts'

const MINT = `mutation { createApiToken(input: { name: "planted", scopes: [READ, PUBLISH, CONNECTIONS], password: "${PASSWORD}" }) { __typename } }`

function post(headers: Record<string, string>, body: BodyInit) {
  return getYoga().fetch(`${APP}/graphql`, { method: 'POST', headers, body })
}

/** The bodies a cross-site page can send without a CORS preflight, each carrying the mutation. */
function simpleBodies(): [string, () => { contentType?: string; body: BodyInit }][] {
  return [
    ['an HTML form', () => ({ contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams({ query: MINT }) })],
    [
      'a multipart form',
      () => {
        const form = new FormData()
        form.set('operations', JSON.stringify({ query: MINT }))
        form.set('map', '{}')
        return { body: form }
      },
    ],
    ['text/plain', () => ({ contentType: 'text/plain', body: JSON.stringify({ query: MINT }) })],
  ]
}

describe('CSRF prevention on /graphql', () => {
  for (const [name, make] of simpleBodies()) {
    it(`refuses ${name} sent with a session cookie (no token is minted)`, async () => {
      const { cookie, userId } = await signUp(`csrf-${name.replace(/\W/g, '')}@example.com`)
      const { contentType, body } = make()
      const response = await post({ cookie, ...(contentType ? { 'content-type': contentType } : {}) }, body)
      expect(response.status).toBe(403)
      expect(await prisma.apiToken.count({ where: { userId } })).toBe(0)
    })
  }

  it('serves the same mutation as JSON, which a browser only sends cross-site after a CORS preflight', async () => {
    const { cookie, userId } = await signUp('csrf-json@example.com')
    const response = await post({ cookie, 'content-type': 'application/json' }, JSON.stringify({ query: MINT }))
    expect(response.status).toBe(200)
    expect(await prisma.apiToken.count({ where: { userId } })).toBe(1)
  })

  it('never runs a mutation sent with GET', async () => {
    const { cookie, userId } = await signUp('csrf-get-mutation@example.com')
    const response = await getYoga().fetch(`${APP}/graphql?query=${encodeURIComponent(MINT)}`, {
      headers: { cookie, 'x-graphql-csrf': '1', accept: 'application/json' },
    })
    expect(response.status).toBe(405)
    expect(await prisma.apiToken.count({ where: { userId } })).toBe(0)
  })

  it('leaves token-authenticated requests alone: they carry no ambient credential', async () => {
    const { secret } = await userWithToken(['READ'])
    const response = await post(
      { ...bearer(secret), 'content-type': 'application/x-www-form-urlencoded' },
      new URLSearchParams({ query: '{ viewer { id } }' }),
    )
    expect(response.status).toBe(200)
  })
})
