import { describe, expect, it } from 'vitest'
import { prisma } from '#app/.server/db.ts'
import { action, headers, loader } from '#app/routes/settings.api-tokens.tsx'
import { PASSWORD, signUp } from '#tests/auth/helpers.ts'
import { graphql } from '#tests/graphql/helpers.ts'
import { actionArgs, APP, cookieFrom, dataResult, getRequest, loaderArgs, settle } from '#tests/utils.ts'
import { bearer } from './helpers.ts'

const PAGE = '/settings/api-tokens'

type Created = { created: { name: string; secret: string } }
type Refused = { values: { name: string; scopes: string[] }; errors: Record<string, string> }

async function tokensOn(cookie: string) {
  return dataResult<{ tokens: { id: string; name: string; prefix: string; scopes: string[]; expiresAt: string | null }[] }>(
    await loader(loaderArgs(getRequest(PAGE, cookie))),
  ).data.tokens
}

/** What the browser sends for the page's forms: repeated names for the ticked scopes; creating asks for the password. */
function submit(cookie: string, fields: [string, string][]) {
  if (fields.some(([name, value]) => name === 'intent' && value === 'create') && !fields.some(([name]) => name === 'password')) {
    fields = [...fields, ['password', PASSWORD]]
  }
  const headers = { cookie, 'content-type': 'application/x-www-form-urlencoded' }
  return action(actionArgs(new Request(new URL(PAGE, APP), { method: 'POST', headers, body: new URLSearchParams(fields) })))
}

describe('/settings/api-tokens', () => {
  it('creates a token from a plain form post and shows its secret once, uncached', async () => {
    const { cookie } = await signUp('settings-create@example.com')
    const result = dataResult<Created>(
      await submit(cookie, [
        ['intent', 'create'],
        ['name', 'Zapier'],
        ['scopes', 'READ'],
        ['scopes', 'PUBLISH'],
        ['expiry', '30'],
      ]),
    )
    expect(result.status).toBe(200)
    expect(result.data.created).toEqual({ name: 'Zapier', secret: expect.stringMatching(/^dp_[A-Za-z0-9]{43}$/) })
    const pageHeaders = new Headers(typeof headers === 'function' ? headers({} as Parameters<typeof headers>[0]) : headers)
    expect(pageHeaders.get('cache-control')).toBe('no-store')

    const tokens = await tokensOn(cookie)
    const zapier = tokens.find((token) => token.name === 'Zapier')!
    expect(zapier).toMatchObject({ prefix: result.data.created.secret.slice(0, 10), scopes: ['READ', 'PUBLISH'] })
    const days = (new Date(zapier.expiresAt!).getTime() - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(29.9)
    expect(days).toBeLessThanOrEqual(30)
    expect(JSON.stringify(tokens)).not.toContain(result.data.created.secret)
    expect((await graphql('{ viewer { id } }', { headers: bearer(result.data.created.secret) })).status).toBe(200)
  })

  it('creates a token that never expires when asked to', async () => {
    const { cookie } = await signUp('settings-never@example.com')
    await submit(cookie, [
      ['intent', 'create'],
      ['name', 'Forever'],
      ['scopes', 'READ'],
      ['expiry', 'never'],
    ])
    expect((await tokensOn(cookie))[0]?.expiresAt).toBeNull()
  })

  it('gives the form back with the reasons when the input is not acceptable', async () => {
    const { cookie, userId } = await signUp('settings-refused@example.com')
    const result = dataResult<Refused>(
      await submit(cookie, [
        ['intent', 'create'],
        ['name', '   '],
      ]),
    )
    expect(result.status).toBe(400)
    expect(result.data.errors).toEqual({
      name: expect.stringMatching(/Give the token a name/),
      scopes: expect.stringMatching(/Choose at least one scope/),
    })
    expect(result.data.values).toMatchObject({ name: '   ', scopes: [] })
    expect(await prisma.apiToken.count({ where: { userId } })).toBe(0)
  })

  it('asks for the password again before creating a token (re-authentication), and creates nothing without it', async () => {
    const { cookie, userId } = await signUp('settings-reauth@example.com')
    for (const password of ['', 'not my password at all']) {
      const result = dataResult<Refused>(
        await submit(cookie, [
          ['intent', 'create'],
          ['name', 'Stolen session'],
          ['scopes', 'PUBLISH'],
          ['password', password],
        ]),
      )
      expect(result.status).toBe(400)
      expect(result.data.errors.password).toMatch(/not your password/)
      expect(result.data.values.name).toBe('Stolen session')
    }
    expect(await prisma.apiToken.count({ where: { userId } })).toBe(0)
  })

  it('revokes a token and says so on the next page', async () => {
    const { cookie } = await signUp('settings-revoke@example.com')
    const { created } = dataResult<Created>(
      await submit(cookie, [
        ['intent', 'create'],
        ['name', 'Old script'],
        ['scopes', 'READ'],
      ]),
    ).data
    const [token] = await tokensOn(cookie)
    const response = await settle(
      submit(cookie, [
        ['intent', 'revoke'],
        ['id', token!.id],
      ]),
    )
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe(PAGE)

    const next = dataResult<{ tokens: unknown[]; flash: { message: string } }>(
      await loader(loaderArgs(getRequest(PAGE, `${cookie}; ${cookieFrom(response)}`))),
    )
    expect(next.data.tokens).toEqual([])
    expect(next.data.flash.message).toMatch(/The token “Old script” is revoked/)
    expect((await graphql('{ viewer { id } }', { headers: bearer(created.secret) })).status).toBe(401)
  })

  it('sends a signed-out visitor to log in', async () => {
    const response = await settle(loader(loaderArgs(getRequest(PAGE))))
    expect(response.headers.get('location')).toBe(`/login?${new URLSearchParams({ redirectTo: PAGE })}`)
  })
})
