import { describe, expect, it } from 'vitest'
import type { SandboxControl } from '../../sandbox/control-client.ts'
import { callMeta, FACEBOOK_REDIRECT, facebookWorld, useSandbox, type GraphErrorBody } from './helpers.ts'

const SCOPE = 'pages_show_list,pages_manage_posts,pages_read_engagement,email'

async function setup(control: SandboxControl, pages = 3) {
  const app = await control.registerApp({
    platform: 'facebook',
    id: '600000000000001',
    secret: 'fb-secret',
    name: 'Duopost',
    redirectUris: [FACEBOOK_REDIRECT],
    requireAppSecretProof: false,
  })
  const bruno = await control.createPerson({ name: 'Bruno Costa', pages, signIn: true })
  return { app, bruno }
}

function dialogParams(appId: string) {
  return { client_id: appId, redirect_uri: FACEBOOK_REDIRECT, scope: SCOPE, state: 'csrf-1' }
}

type TokenAnswer = { access_token: string; token_type: string; expires_in: number } & GraphErrorBody

describe('Facebook login dialog', () => {
  const sandbox = useSandbox()

  it('lets the person pick Pages and untick permissions', async () => {
    const { app, bruno } = await setup(sandbox.control)
    const page = await callMeta<string>(sandbox.url, 'GET', '/v25.0/dialog/oauth', { query: dialogParams(app.id) })
    expect(page.status).toBe(200)
    expect(page.body).toContain('Bruno Costa')
    for (const p of bruno.pages) expect(page.body).toContain(`<input type="checkbox" name="page_id" value="${p.id}"> ${p.name}`)
    expect(page.body).toContain('name="scope_choice" value="email" checked')
  })

  it('redirects on Approve with code, state and #_=_, granting what was picked', async () => {
    const { app, bruno } = await setup(sandbox.control)
    const chosen = bruno.pages[1]?.id ?? ''
    const form = new URLSearchParams({ ...dialogParams(app.id), person_id: bruno.id, decision: 'approve' })
    for (const scope of ['pages_show_list', 'pages_manage_posts', 'pages_read_engagement']) form.append('scope_choice', scope)
    form.append('page_id', chosen)
    const approved = await callMeta(sandbox.url, 'POST', '/v25.0/dialog/oauth', { body: form })
    const location = approved.headers.get('location') ?? ''
    expect(location).toMatch(new RegExp(`^${FACEBOOK_REDIRECT}\\?code=AQSANDBOX\\w+&state=csrf-1#_=_$`))
    const code = new URL(location).searchParams.get('code') ?? ''
    const token = await callMeta<TokenAnswer>(sandbox.url, 'GET', '/v25.0/oauth/access_token', {
      query: { client_id: app.id, client_secret: app.secret, redirect_uri: FACEBOOK_REDIRECT, code },
    })
    expect(token.body).toMatchObject({ token_type: 'bearer', access_token: expect.stringMatching(/^EAASANDBOX/) })
    expect(token.body.expires_in).toBeLessThanOrEqual(3600)
    const permissions = await callMeta(sandbox.url, 'GET', '/v25.0/me/permissions', { query: { access_token: token.body.access_token } })
    expect(permissions.body).toEqual({
      data: [
        { permission: 'public_profile', status: 'granted' },
        { permission: 'pages_show_list', status: 'granted' },
        { permission: 'pages_manage_posts', status: 'granted' },
        { permission: 'pages_read_engagement', status: 'granted' },
        { permission: 'email', status: 'declined' },
      ],
    })
    const accounts = await callMeta<{ data: { id: string }[] }>(sandbox.url, 'GET', '/v25.0/me/accounts', {
      query: { access_token: token.body.access_token },
    })
    expect(accounts.body.data.map((p) => p.id)).toEqual([chosen])
  })

  it('redirects on Deny as Facebook does', async () => {
    const { app, bruno } = await setup(sandbox.control)
    const denied = await callMeta(sandbox.url, 'POST', '/v25.0/dialog/oauth', {
      form: { ...dialogParams(app.id), person_id: bruno.id, decision: 'deny' },
    })
    expect(denied.headers.get('location')).toBe(
      `${FACEBOOK_REDIRECT}?error=access_denied&error_code=200&error_description=Permissions+error&error_reason=user_denied&state=csrf-1`,
    )
  })

  it('requires the exact registered redirect_uri', async () => {
    const { app } = await setup(sandbox.control)
    const page = await callMeta<string>(sandbox.url, 'GET', '/v25.0/dialog/oauth', {
      query: { ...dialogParams(app.id), redirect_uri: `${FACEBOOK_REDIRECT}?x=1` },
    })
    expect(page.status).toBe(400)
    expect(page.body).toContain('URL blocked')
  })
})

describe('Facebook tokens', () => {
  const sandbox = useSandbox()

  async function code(control: SandboxControl, appId: string, personId: string) {
    return (await control.issueCode({ appId, personId })).code
  }

  function exchangeCode(query: Record<string, string>) {
    return callMeta<TokenAnswer>(sandbox.url, 'GET', '/v25.0/oauth/access_token', { query: { redirect_uri: FACEBOOK_REDIRECT, ...query } })
  }

  it('refuses a reused, expired or mismatched code with Meta’s subcodes', async () => {
    const { app, bruno } = await setup(sandbox.control)
    const first = await code(sandbox.control, app.id, bruno.id)
    expect((await exchangeCode({ client_id: app.id, client_secret: app.secret, code: first })).status).toBe(200)
    expect((await exchangeCode({ client_id: app.id, client_secret: app.secret, code: first })).body.error).toMatchObject({
      code: 100,
      error_subcode: 36009,
    })
    const second = await code(sandbox.control, app.id, bruno.id)
    const mismatch = await exchangeCode({
      client_id: app.id,
      client_secret: app.secret,
      code: second,
      redirect_uri: 'https://duopost.example/elsewhere',
    })
    expect(mismatch.body.error).toMatchObject({ code: 100, error_subcode: 36008, type: 'OAuthException' })
    await sandbox.control.advanceClock({ minutes: 11 })
    expect((await exchangeCode({ client_id: app.id, client_secret: app.secret, code: second })).body.error).toMatchObject({
      error_subcode: 36007,
    })
    expect((await exchangeCode({ client_id: app.id, client_secret: 'bad', code: second })).body.error).toMatchObject({
      code: 1,
      message: 'Error validating client secret.',
    })
    expect((await exchangeCode({ client_id: '1', client_secret: app.secret, code: second })).body.error).toMatchObject({ code: 101 })
  })

  it('exchanges a short-lived user token for a 60-day one', async () => {
    const { app, bruno } = await setup(sandbox.control)
    const short = await sandbox.control.issueToken({ appId: app.id, personId: bruno.id, lifetime: 'short' })
    const long = await callMeta<TokenAnswer>(sandbox.url, 'GET', '/v25.0/oauth/access_token', {
      query: { grant_type: 'fb_exchange_token', client_id: app.id, client_secret: app.secret, fb_exchange_token: short.accessToken },
    })
    expect(long.body.expires_in).toBeGreaterThan(59 * 86400)
    await sandbox.control.advanceClock({ days: 30 })
    expect((await callMeta(sandbox.url, 'GET', '/v25.0/me', { query: { access_token: long.body.access_token } })).status).toBe(200)
    const expiredShort = await callMeta<TokenAnswer>(sandbox.url, 'GET', '/v25.0/oauth/access_token', {
      query: { grant_type: 'fb_exchange_token', client_id: app.id, client_secret: app.secret, fb_exchange_token: short.accessToken },
    })
    expect(expiredShort.body.error).toMatchObject({ code: 190, error_subcode: 463 })
  })

  it('gives never-expiring Page tokens from a long-lived user token, and 1-hour ones from a short-lived one', async () => {
    const { app, bruno } = await setup(sandbox.control, 1)
    const appToken = `${app.id}|${app.secret}`
    const debug = async (input_token: string) =>
      (
        await callMeta<{ data: Record<string, unknown> }>(sandbox.url, 'GET', '/v25.0/debug_token', {
          query: { input_token, access_token: appToken },
        })
      ).body.data
    for (const lifetime of ['long', 'short'] as const) {
      const user = await sandbox.control.issueToken({ appId: app.id, personId: bruno.id, lifetime })
      const accounts = await callMeta<{ data: { access_token: string; id: string; tasks: string[] }[] }>(
        sandbox.url,
        'GET',
        '/v25.0/me/accounts',
        {
          query: { access_token: user.accessToken },
        },
      )
      const pageToken = accounts.body.data[0]?.access_token ?? ''
      const info = await debug(pageToken)
      expect(info).toMatchObject({ type: 'PAGE', profile_id: bruno.pages[0]?.id, is_valid: true, user_id: bruno.id })
      if (lifetime === 'long') expect(info.expires_at).toBe(0)
      else expect(info.expires_at).toBe((await debug(user.accessToken)).expires_at)
    }
  })

  it('answers /me, and /me/accounts in cursor pages for a person with 30 Pages', async () => {
    const { app, bruno } = await setup(sandbox.control, 30)
    const { accessToken } = await sandbox.control.issueToken({ appId: app.id, personId: bruno.id })
    expect((await callMeta(sandbox.url, 'GET', '/v25.0/me', { query: { access_token: accessToken } })).body).toEqual({
      id: bruno.id,
      name: 'Bruno Costa',
    })
    type AccountsPage = {
      data: { id: string; name: string; access_token: string }[]
      paging: { cursors: { before: string; after: string }; next?: string; previous?: string }
    }
    const seen: string[] = []
    let next: string | undefined = `${sandbox.url}/v25.0/me/accounts?fields=id,name,access_token&limit=10&access_token=${accessToken}`
    let requests = 0
    while (next) {
      const page: { body: AccountsPage } = await callMeta<AccountsPage>(sandbox.url, 'GET', next)
      seen.push(...page.body.data.map((p) => p.id))
      expect(page.body.data.every((p) => p.access_token.startsWith('EAASANDBOX'))).toBe(true)
      next = page.body.paging.next
      requests += 1
    }
    expect(requests).toBe(3)
    expect(new Set(seen).size).toBe(30)
    const defaultPage = await callMeta<AccountsPage>(sandbox.url, 'GET', '/v25.0/me/accounts', { query: { access_token: accessToken } })
    expect(defaultPage.body.data).toHaveLength(25)
    const back = await callMeta<AccountsPage>(sandbox.url, 'GET', '/v25.0/me/accounts', {
      query: { access_token: accessToken, limit: 10, after: defaultPage.body.paging.cursors.after },
    })
    expect(back.body.data).toHaveLength(5)
    expect(back.body.paging.previous).toBeDefined()
    expect(back.body.paging.next).toBeUndefined()
  })

  it('lists no Pages without pages_show_list', async () => {
    const { app, bruno } = await setup(sandbox.control)
    const { accessToken } = await sandbox.control.issueToken({ appId: app.id, personId: bruno.id, scopes: ['public_profile'] })
    expect((await callMeta(sandbox.url, 'GET', '/v25.0/me/accounts', { query: { access_token: accessToken } })).body).toEqual({ data: [] })
  })

  it('issues app tokens and checks debug_token callers belong to the same app', async () => {
    const world = await facebookWorld(sandbox.control)
    const appToken = await callMeta<{ access_token: string }>(sandbox.url, 'GET', '/v25.0/oauth/access_token', {
      query: { grant_type: 'client_credentials', client_id: world.app.id, client_secret: world.app.secret },
    })
    expect(appToken.body.access_token).toMatch(new RegExp(`^${world.app.id}\\|SANDBOX`))
    const info = await callMeta<{ data: Record<string, unknown> }>(sandbox.url, 'GET', '/debug_token', {
      query: { input_token: world.userToken, access_token: appToken.body.access_token },
    })
    expect(info.body.data).toMatchObject({ type: 'USER', app_id: world.app.id, is_valid: true, granular_scopes: expect.any(Array) })
    const other = await sandbox.control.registerApp({ platform: 'facebook', redirectUris: [FACEBOOK_REDIRECT] })
    const foreign = await callMeta<GraphErrorBody>(sandbox.url, 'GET', '/v25.0/debug_token', {
      query: { input_token: world.userToken, access_token: `${other.id}|${other.secret}` },
    })
    expect(foreign.body.error.code).toBe(100)
  })

  it('sends an unversioned /oauth/access_token to the platform of its client_id', async () => {
    const world = await facebookWorld(sandbox.control)
    const { code } = await sandbox.control.issueCode({ appId: world.app.id, personId: world.person.id })
    const token = await callMeta<TokenAnswer>(sandbox.url, 'GET', '/oauth/access_token', {
      query: { client_id: world.app.id, client_secret: world.app.secret, redirect_uri: FACEBOOK_REDIRECT, code },
    })
    expect(token.body).toMatchObject({ access_token: expect.stringMatching(/^EAASANDBOX/), token_type: 'bearer' })
  })

  it('routes unversioned and versioned Facebook paths alike and reports the version', async () => {
    const world = await facebookWorld(sandbox.control)
    const versioned = await callMeta(sandbox.url, 'GET', '/v21.0/me', { query: { access_token: world.userToken } })
    const unversioned = await callMeta(sandbox.url, 'GET', '/me', { query: { access_token: world.userToken } })
    expect(versioned.body).toEqual(unversioned.body)
    expect(versioned.headers.get('facebook-api-version')).toBe('v21.0')
    expect(unversioned.headers.get('facebook-api-version')).toBe('v25.0')
  })
})
