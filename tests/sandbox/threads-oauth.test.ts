import { describe, expect, it } from 'vitest'
import type { SandboxControl } from '../../sandbox/control-client.ts'
import { callMeta, THREADS_REDIRECT, useSandbox, type GraphErrorBody } from './helpers.ts'

const SCOPE = 'threads_basic,threads_content_publish'

async function setup(control: SandboxControl) {
  const app = await control.registerApp({
    platform: 'threads',
    id: '700000000000001',
    secret: 'th-secret',
    name: 'Duopost',
    redirectUris: [THREADS_REDIRECT],
  })
  const ana = await control.createPerson({ name: 'Ana Silva', threads: { username: 'ana' } })
  return { app, ana }
}

function dialog(appId: string, extra: Record<string, string> = {}) {
  return { client_id: appId, redirect_uri: THREADS_REDIRECT, scope: SCOPE, response_type: 'code', state: 'st-42', ...extra }
}

async function approve(url: string, appId: string, personId: string, extra: Record<string, string> = {}) {
  const response = await callMeta(url, 'POST', '/oauth/authorize', {
    form: { ...dialog(appId, extra), person_id: personId, decision: 'approve' },
  })
  return { response, location: response.headers.get('location') ?? '' }
}

function codeOf(location: string): string {
  return new URL(location).searchParams.get('code') ?? ''
}

async function exchange(url: string, form: Record<string, string>) {
  return callMeta<{ access_token: string; user_id: number } & Partial<{ error_type: string; code: number; error_message: string }>>(
    url,
    'POST',
    '/oauth/access_token',
    { form: { grant_type: 'authorization_code', redirect_uri: THREADS_REDIRECT, ...form } },
  )
}

describe('Threads authorization window', () => {
  const sandbox = useSandbox()

  it('shows the signed-in person, the app and the scopes, with Approve and Deny', async () => {
    const { app, ana } = await setup(sandbox.control)
    await sandbox.control.signIn(ana.id)
    const page = await callMeta<string>(sandbox.url, 'GET', '/oauth/authorize', { query: dialog(app.id) })
    expect(page.status).toBe(200)
    expect(page.body).toContain('Duopost')
    expect(page.body).toContain('Ana Silva (@ana)')
    expect(page.body).toContain('(threads_content_publish)')
    expect(page.body).toMatch(/<button[^>]*value="approve"[^>]*>Approve<\/button>/)
    expect(page.body).toMatch(/<button[^>]*value="deny"[^>]*>Deny<\/button>/)
  })

  it('asks who is signing in when nobody is, listing only people with a Threads profile', async () => {
    const { app } = await setup(sandbox.control)
    await sandbox.control.createPerson({ name: 'No Threads' })
    const page = await callMeta<string>(sandbox.url, 'GET', '/oauth/authorize', { query: dialog(app.id) })
    expect(page.body).toContain('Sign in as')
    expect(page.body).toContain('Ana Silva (@ana)')
    expect(page.body).not.toContain('No Threads')
  })

  it('redirects on Approve with a code, the state, and the trailing #_', async () => {
    const { app, ana } = await setup(sandbox.control)
    const { response, location } = await approve(sandbox.url, app.id, ana.id)
    expect(response.status).toBe(302)
    expect(location).toMatch(new RegExp(`^${THREADS_REDIRECT}\\?code=AQSANDBOX[A-Za-z0-9]+&state=st-42#_$`))
  })

  it('redirects on Deny with Meta’s error parameters', async () => {
    const { app, ana } = await setup(sandbox.control)
    const denied = await callMeta(sandbox.url, 'POST', '/oauth/authorize', {
      form: { ...dialog(app.id), person_id: ana.id, decision: 'deny' },
    })
    expect(denied.headers.get('location')).toBe(
      `${THREADS_REDIRECT}?error=access_denied&error_reason=user_denied&error_description=The+user+denied+your+request&state=st-42`,
    )
  })

  it.each([
    ['an unknown client_id', { client_id: '123' }, 'Invalid App ID'],
    ['an unregistered redirect_uri', { redirect_uri: `${THREADS_REDIRECT}/` }, 'URL blocked'],
    ['a missing response_type', { response_type: '' }, 'response_type'],
    ['a scope without threads_basic', { scope: 'threads_content_publish' }, 'threads_basic is required'],
    ['an unknown scope', { scope: 'threads_basic,publish_everything' }, 'Invalid Scopes: publish_everything'],
  ])('refuses %s with an error page and no redirect', async (_case, override, message) => {
    const { app } = await setup(sandbox.control)
    const page = await callMeta<string>(sandbox.url, 'GET', '/oauth/authorize', { query: dialog(app.id, override) })
    expect(page.status).toBe(400)
    expect(page.headers.get('location')).toBeNull()
    expect(page.body).toContain(message)
  })

  it('will not let a person without a Threads profile approve', async () => {
    const { app } = await setup(sandbox.control)
    const bare = await sandbox.control.createPerson({ name: 'Bare' })
    const { response } = await approve(sandbox.url, app.id, bare.id)
    expect(response.status).toBe(400)
    expect(response.body).toContain('has no Threads profile')
  })
})

describe('Threads code exchange', () => {
  const sandbox = useSandbox()

  it('returns a short-lived token and user_id written as a bare JSON number', async () => {
    const { app, ana } = await setup(sandbox.control)
    const code = codeOf((await approve(sandbox.url, app.id, ana.id)).location)
    const response = await fetch(`${sandbox.url}/oauth/access_token`, {
      method: 'POST',
      body: new URLSearchParams({
        client_id: app.id,
        client_secret: app.secret,
        code,
        grant_type: 'authorization_code',
        redirect_uri: THREADS_REDIRECT,
      }),
    })
    const text = await response.text()
    expect(response.status).toBe(200)
    expect(text).toMatch(new RegExp(`"user_id":${ana.threads?.id}}$`))
    const token = (JSON.parse(text) as { access_token: string }).access_token
    expect(token).toMatch(/^THSANDBOX/)
    const me = await callMeta(sandbox.url, 'GET', '/v1.0/me', { query: { access_token: token } })
    expect(me.body).toEqual({ id: ana.threads?.id })
  })

  it('accepts the parameters in the query string (as Postman sends them) and as multipart', async () => {
    const { app, ana } = await setup(sandbox.control)
    const first = codeOf((await approve(sandbox.url, app.id, ana.id)).location)
    const viaQuery = await callMeta(sandbox.url, 'POST', '/oauth/access_token', {
      query: {
        client_id: app.id,
        client_secret: app.secret,
        code: first,
        grant_type: 'authorization_code',
        redirect_uri: THREADS_REDIRECT,
      },
    })
    expect(viaQuery.status).toBe(200)
    const second = codeOf((await approve(sandbox.url, app.id, ana.id)).location)
    const form = new FormData()
    for (const [key, value] of Object.entries({
      client_id: app.id,
      client_secret: app.secret,
      code: second,
      grant_type: 'authorization_code',
      redirect_uri: THREADS_REDIRECT,
    }))
      form.set(key, value)
    const viaMultipart = await callMeta(sandbox.url, 'POST', '/oauth/access_token', { body: form })
    expect(viaMultipart.status).toBe(200)
  })

  it('refuses a code used twice, in the flat error shape', async () => {
    const { app, ana } = await setup(sandbox.control)
    const code = codeOf((await approve(sandbox.url, app.id, ana.id)).location)
    expect((await exchange(sandbox.url, { client_id: app.id, client_secret: app.secret, code })).status).toBe(200)
    const again = await exchange(sandbox.url, { client_id: app.id, client_secret: app.secret, code })
    expect(again.status).toBe(400)
    expect(again.body).toEqual({
      error_type: 'OAuthException',
      code: 400,
      error_message: 'Matching code was not found or was already used',
    })
  })

  it('refuses a redirect_uri that differs from the authorize step, and keeps the code usable', async () => {
    const { app, ana } = await setup(sandbox.control)
    await sandbox.control.updateApp(app.id, { redirectUris: [THREADS_REDIRECT, 'https://duopost.example/other'] })
    const code = codeOf((await approve(sandbox.url, app.id, ana.id)).location)
    const wrong = await exchange(sandbox.url, {
      client_id: app.id,
      client_secret: app.secret,
      code,
      redirect_uri: 'https://duopost.example/other',
    })
    expect(wrong.status).toBe(400)
    expect(wrong.body.error_message).toContain('redirect_uri is identical')
    expect((await exchange(sandbox.url, { client_id: app.id, client_secret: app.secret, code })).status).toBe(200)
  })

  it('refuses a wrong secret, an unknown app and an unknown grant_type', async () => {
    const { app, ana } = await setup(sandbox.control)
    const code = codeOf((await approve(sandbox.url, app.id, ana.id)).location)
    expect((await exchange(sandbox.url, { client_id: app.id, client_secret: 'nope', code })).body.error_message).toBe(
      'Error validating client secret.',
    )
    expect((await exchange(sandbox.url, { client_id: '42', client_secret: app.secret, code })).body.error_message).toContain(
      'Invalid application ID',
    )
    expect((await exchange(sandbox.url, { client_id: app.id, client_secret: app.secret, code, grant_type: 'password' })).status).toBe(400)
  })

  it('lets a code expire after one hour', async () => {
    const { app, ana } = await setup(sandbox.control)
    const code = codeOf((await approve(sandbox.url, app.id, ana.id)).location)
    await sandbox.control.advanceClock({ minutes: 61 })
    const late = await exchange(sandbox.url, { client_id: app.id, client_secret: app.secret, code })
    expect(late.status).toBe(400)
    expect(late.body.error_type).toBe('OAuthException')
  })

  it('issues app tokens for client_credentials', async () => {
    const { app } = await setup(sandbox.control)
    const response = await callMeta(sandbox.url, 'GET', '/oauth/access_token', {
      query: { grant_type: 'client_credentials', client_id: app.id, client_secret: app.secret },
    })
    expect(response.body).toEqual({ access_token: expect.stringMatching(new RegExp(`^TH\\|${app.id}\\|SANDBOX`)), token_type: 'bearer' })
  })
})

describe('Threads token lifetimes', () => {
  const sandbox = useSandbox()

  async function shortLived() {
    const { app, ana } = await setup(sandbox.control)
    const token = await sandbox.control.issueToken({ appId: app.id, personId: ana.id, lifetime: 'short' })
    return { app, ana, token: token.accessToken }
  }

  function exchangeLong(appSecret: string, token: string) {
    return callMeta<{ access_token: string; token_type: string; expires_in: number }>(sandbox.url, 'GET', '/access_token', {
      query: { grant_type: 'th_exchange_token', client_secret: appSecret, access_token: token },
    })
  }

  function refresh(token: string) {
    return callMeta<{ access_token: string; expires_in: number } & GraphErrorBody>(sandbox.url, 'GET', '/refresh_access_token', {
      query: { grant_type: 'th_refresh_token', access_token: token },
    })
  }

  it('expires short-lived tokens after one hour', async () => {
    const { token } = await shortLived()
    await sandbox.control.advanceClock({ minutes: 59 })
    expect((await callMeta(sandbox.url, 'GET', '/v1.0/me', { query: { access_token: token } })).status).toBe(200)
    await sandbox.control.advanceClock({ minutes: 2 })
    const expired = await callMeta<GraphErrorBody>(sandbox.url, 'GET', '/v1.0/me', { query: { access_token: token } })
    expect(expired.body.error).toMatchObject({ code: 190, error_subcode: 463, type: 'OAuthException' })
    expect(expired.body.error.message).toMatch(
      /^Error validating access token: Session has expired on \w+day, \d\d-\w{3}-\d\d \d\d:\d\d:\d\d P[SD]T\./,
    )
  })

  it('exchanges a short-lived token for a 60-day one, with the app secret', async () => {
    const { app, token } = await shortLived()
    const long = await exchangeLong(app.secret, token)
    expect(long.body).toEqual({ access_token: expect.stringMatching(/^THSANDBOX/), token_type: 'bearer', expires_in: expect.any(Number) })
    expect(long.body.expires_in).toBeGreaterThan(60 * 86400 - 60)
    expect(long.body.expires_in).toBeLessThanOrEqual(60 * 86400)
    expect((await exchangeLong('wrong', token)).body).toMatchObject({ error: { message: 'Error validating client secret.', code: 1 } })
    expect((await exchangeLong(app.secret, long.body.access_token)).status).toBe(400)
  })

  it('will not exchange an expired short-lived token', async () => {
    const { app, token } = await shortLived()
    await sandbox.control.advanceClock({ hours: 2 })
    expect((await exchangeLong(app.secret, token)).body).toMatchObject({ error: { code: 190, error_subcode: 463 } })
  })

  it('refreshes a long-lived token only once it is 24 hours old, for 60 days from the refresh', async () => {
    const { app, ana } = await setup(sandbox.control)
    const { accessToken } = await sandbox.control.issueToken({ appId: app.id, personId: ana.id })
    const early = await refresh(accessToken)
    expect(early.status).toBe(400)
    expect(early.body.error.code).toBe(100)
    await sandbox.control.advanceClock({ hours: 24 })
    const refreshed = await refresh(accessToken)
    expect(refreshed.status).toBe(200)
    expect(refreshed.body.expires_in).toBeGreaterThan(60 * 86400 - 60)
    expect(refreshed.body.access_token).not.toBe(accessToken)
    // The old token keeps its own expiry: 60 days from issue, so it dies a day before the new one.
    await sandbox.control.advanceClock({ days: 59, minutes: 1 })
    expect((await callMeta(sandbox.url, 'GET', '/v1.0/me', { query: { access_token: accessToken } })).status).toBe(400)
    expect((await callMeta(sandbox.url, 'GET', '/v1.0/me', { query: { access_token: refreshed.body.access_token } })).status).toBe(200)
  })

  it('refuses to refresh a short-lived token or an expired long-lived one', async () => {
    const { app, ana, token } = await shortLived()
    expect((await refresh(token)).body.error.code).toBe(100)
    const { accessToken } = await sandbox.control.issueToken({ appId: app.id, personId: ana.id })
    await sandbox.control.advanceClock({ days: 61 })
    expect((await refresh(accessToken)).body.error).toMatchObject({ code: 190, error_subcode: 463 })
  })
})
