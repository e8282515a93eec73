import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { LAST_USED_RESOLUTION_MS, MAX_TOKENS_PER_USER } from '#app/.server/auth/api-tokens.ts'
import { prisma } from '#app/.server/db.ts'
import { PASSWORD, signUp } from '#tests/auth/helpers.ts'
import { graphql } from '#tests/graphql/helpers.ts'
import { bearer, CREATE_TOKEN, createToken, userWithToken } from './helpers.ts'

const VIEWER = '{ viewer { email } }'
const LIST = '{ apiTokens { id name prefix scopes lastUsedAt expiresAt expired } }'
const REVOKE = `mutation ($id: ID!) {
  revokeApiToken(id: $id) { __typename ... on ApiToken { id revokedAt } ... on Error { message } }
}`

/** Every row of every table in the test database, as text. */
async function databaseText(): Promise<string> {
  const tables = await prisma.$queryRawUnsafe<{ name: string }[]>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
  )
  const dumps = await Promise.all(
    tables.map(
      async ({ name }) =>
        (await prisma.$queryRawUnsafe<{ json: string | null }[]>(`SELECT json_agg(t)::text AS json FROM "${name}" t`))[0]?.json ?? '',
    ),
  )
  return dumps.join('\n')
}

describe('personal access tokens', () => {
  it('shows the secret once, at creation, and keeps only its SHA-256', async () => {
    const { cookie } = await signUp('once@example.com')
    const { secret, apiToken } = await createToken(cookie, { name: '  Nightly report  ', scopes: ['READ', 'PUBLISH'] })
    expect(secret).toMatch(/^dp_[A-Za-z0-9]{43}$/)
    expect(apiToken).toMatchObject({
      name: 'Nightly report',
      prefix: secret.slice(0, 10),
      scopes: ['READ', 'PUBLISH'],
      expiresAt: null,
      expired: false,
    })

    const listed = await graphql<{ apiTokens: Record<string, unknown>[] }>(LIST, { cookie })
    expect(listed.body.data?.apiTokens).toEqual([expect.objectContaining({ id: apiToken.id, prefix: secret.slice(0, 10) })])
    expect(JSON.stringify(listed.body)).not.toContain(secret)

    const row = await prisma.apiToken.findUniqueOrThrow({ where: { id: apiToken.id } })
    expect(row.secretHash).toBe(createHash('sha256').update(secret).digest('hex'))
    await graphql(VIEWER, { headers: bearer(secret) })
    expect(await databaseText()).not.toContain(secret.slice(10))
  })

  it('authenticates a request as its owner', async () => {
    const { secret } = await userWithToken(['READ'])
    const result = await graphql<{ viewer: { email: string } }>(VIEWER, { headers: bearer(secret) })
    expect(result.status).toBe(200)
    expect(result.body.data?.viewer.email).toMatch(/^api-/)
  })

  it('stops working as soon as it is revoked, and says so', async () => {
    const { cookie, secret, token } = await userWithToken(['READ'])
    const revoked = await graphql<{ revokeApiToken: { __typename: string; revokedAt: string } }>(REVOKE, {
      cookie,
      variables: { id: token.apiToken.id },
    })
    expect(revoked.body.data?.revokeApiToken).toMatchObject({ __typename: 'ApiToken', revokedAt: expect.any(String) })

    const refused = await graphql(VIEWER, { headers: bearer(secret) })
    expect(refused.status).toBe(401)
    expect(refused.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
    expect(refused.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^This access token was revoked on \d{4}-\d\d-\d\d\. Create a new one/),
      extensions: { code: 'UNAUTHENTICATED' },
    })
    expect(refused.body.data).toBeUndefined()

    const listed = await graphql<{ apiTokens: unknown[] }>(LIST, { cookie })
    expect(listed.body.data?.apiTokens).toEqual([])
    const again = await graphql<{ revokeApiToken: { __typename: string } }>(REVOKE, { cookie, variables: { id: token.apiToken.id } })
    expect(again.body.data?.revokeApiToken.__typename).toBe('ApiToken')
  })

  it('stops working when it expires, and says so', async () => {
    const { cookie } = await signUp('expiry@example.com')
    const expiresAt = new Date(Date.now() + 60 * 60_000).toISOString()
    const { secret, apiToken } = await createToken(cookie, { scopes: ['READ'], expiresAt })
    expect(apiToken.expiresAt).toBe(expiresAt)
    expect((await graphql(VIEWER, { headers: bearer(secret) })).status).toBe(200)

    await prisma.apiToken.update({ where: { id: apiToken.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
    const refused = await graphql(VIEWER, { headers: bearer(secret) })
    expect(refused.status).toBe(401)
    expect(refused.body.errors?.[0]?.message).toMatch(
      /^This access token expired on \d{4}-\d\d-\d\d\. Create a new one under Settings → API tokens\.$/,
    )
    const listed = await graphql<{ apiTokens: { expired: boolean }[] }>(LIST, { cookie })
    expect(listed.body.data?.apiTokens).toEqual([expect.objectContaining({ expired: true })])
  })

  it('refuses a token Duopost never issued with 401', async () => {
    const refused = await graphql(VIEWER, { headers: bearer(`dp_${'x'.repeat(43)}`) })
    expect(refused.status).toBe(401)
    expect(refused.body.errors?.[0]?.message).toMatch(/not one Duopost issued, or it was not copied whole/)
  })

  it('refuses a malformed Authorization header, and a token in the URL, with 400', async () => {
    const { secret } = await userWithToken(['READ'])
    const basic = await graphql(VIEWER, { headers: { authorization: `Basic ${secret}` } })
    expect(basic.status).toBe(400)
    expect(basic.headers.get('www-authenticate')).toBe('Bearer error="invalid_request"')
    expect(basic.body.errors?.[0]?.message).toBe('Send the access token as "Authorization: Bearer <token>".')

    const { getYoga } = await import('#graphql/yoga.ts')
    const inUrl = await getYoga().fetch(`http://localhost:3000/graphql?access_token=${secret}&query=${encodeURIComponent(VIEWER)}`)
    expect(inUrl.status).toBe(400)
    expect(((await inUrl.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(
      /never in the URL\. Logs may have kept this one: revoke it/,
    )
  })

  it('notes when it was last used, writing at most once a minute', async () => {
    const { token, secret } = await userWithToken(['READ'])
    expect(token.apiToken.lastUsedAt).toBeNull()
    await graphql(VIEWER, { headers: bearer(secret) })
    const first = (await prisma.apiToken.findUniqueOrThrow({ where: { id: token.apiToken.id } })).lastUsedAt
    expect(first).toBeInstanceOf(Date)

    await graphql(VIEWER, { headers: bearer(secret) })
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: token.apiToken.id } })).lastUsedAt).toEqual(first)

    const longAgo = new Date(Date.now() - LAST_USED_RESOLUTION_MS - 1000)
    await prisma.apiToken.update({ where: { id: token.apiToken.id }, data: { lastUsedAt: longAgo } })
    await graphql(VIEWER, { headers: bearer(secret) })
    const later = (await prisma.apiToken.findUniqueOrThrow({ where: { id: token.apiToken.id } })).lastUsedAt!
    expect(later.getTime()).toBeGreaterThan(first!.getTime())
  })

  it('names every problem with the input', async () => {
    const { cookie } = await signUp('bad-input@example.com')
    const result = await graphql<{ createApiToken: { __typename: string; issues: { field: string }[] } }>(CREATE_TOKEN, {
      cookie,
      variables: { input: { name: ' ', scopes: [], expiresAt: new Date(Date.now() - 1000).toISOString(), password: PASSWORD } },
    })
    expect(result.body.data?.createApiToken.__typename).toBe('InvalidInputError')
    expect(result.body.data?.createApiToken.issues.map((issue) => issue.field)).toEqual(['name', 'scopes', 'expiresAt'])
    expect(await prisma.apiToken.count({ where: { user: { email: 'bad-input@example.com' } } })).toBe(0)
  })

  it('needs the password again, even from a signed-in session, and stops guessing it after 10 tries', async () => {
    const { cookie, userId } = await signUp('reauth-api@example.com')
    const attempt = (password: string) =>
      graphql<{ createApiToken: { __typename: string; issues: { field: string; message: string }[] } }>(CREATE_TOKEN, {
        cookie,
        variables: { input: { name: 'minted', scopes: ['READ'], password } },
      })
    for (let i = 0; i < 10; i++) {
      const wrong = (await attempt(`wrong password ${i}`)).body.data?.createApiToken
      expect(wrong).toMatchObject({
        __typename: 'InvalidInputError',
        issues: [{ field: 'password', message: expect.stringMatching(/not your password/) }],
      })
    }
    const throttled = (await attempt(PASSWORD)).body.data?.createApiToken
    expect(throttled?.issues[0]?.message).toMatch(/Too many wrong passwords. Try again in \d+ seconds?/)
    expect(await prisma.apiToken.count({ where: { userId } })).toBe(0)
  })

  it(`refuses a token beyond ${MAX_TOKENS_PER_USER} active ones, and says what to do`, async () => {
    const { cookie, userId } = await signUp('many-tokens@example.com')
    await prisma.apiToken.createMany({
      data: Array.from({ length: MAX_TOKENS_PER_USER }, (_, i) => ({
        userId,
        name: `t${i}`,
        prefix: 'dp_x',
        secretHash: `hash-${userId}-${i}`,
        scopes: ['read'],
      })),
    })
    const result = await graphql<{ createApiToken: { __typename: string; issues: { message: string }[] } }>(CREATE_TOKEN, {
      cookie,
      variables: { input: { name: 'one more', scopes: ['READ'], password: PASSWORD } },
    })
    expect(result.body.data?.createApiToken.__typename).toBe('InvalidInputError')
    expect(result.body.data?.createApiToken.issues[0]?.message).toMatch(/the most allowed. Revoke one/)
    expect(await prisma.apiToken.count({ where: { userId } })).toBe(MAX_TOKENS_PER_USER)
  })

  it('cannot be used to create, list or revoke tokens', async () => {
    const { secret, token, userId } = await userWithToken()
    const attempts = [
      await graphql(CREATE_TOKEN, {
        headers: bearer(secret),
        variables: { input: { name: 'minted', scopes: ['READ'], password: PASSWORD } },
      }),
      await graphql(LIST, { headers: bearer(secret) }),
      await graphql(REVOKE, { headers: bearer(secret), variables: { id: token.apiToken.id } }),
    ]
    for (const attempt of attempts) {
      expect(attempt.body.errors?.[0]).toMatchObject({
        message: 'Only a signed-in browser session can use this field, never an access token: manage tokens under Settings → API tokens.',
        extensions: { code: 'FORBIDDEN' },
      })
    }
    expect(await prisma.apiToken.count({ where: { userId, revokedAt: null } })).toBe(1)
  })

  it("treats another user's token id as one that does not exist", async () => {
    const victim = await userWithToken(['READ'])
    const { cookie } = await signUp('intruder@example.com')
    const result = await graphql<{ revokeApiToken: { __typename: string; message: string } }>(REVOKE, {
      cookie,
      variables: { id: victim.token.apiToken.id },
    })
    expect(result.body.data?.revokeApiToken).toEqual({
      __typename: 'ApiTokenNotFoundError',
      message: expect.stringMatching(/No access token with that id/),
    })
    expect((await graphql(VIEWER, { headers: bearer(victim.secret) })).status).toBe(200)
  })

  it('is revoked with its owner: deleting the user deletes the token', async () => {
    const { userId, secret } = await userWithToken(['READ'])
    await prisma.user.delete({ where: { id: userId } })
    expect((await graphql(VIEWER, { headers: bearer(secret) })).status).toBe(401)
  })
})
