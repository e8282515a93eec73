import { describe, expect, it } from 'vitest'
import { SandboxControlError } from '../../sandbox/control-client.ts'
import { callMeta, facebookWorld, threadsWorld, useSandbox, type GraphErrorBody } from './helpers.ts'

describe('control API', () => {
  const sandbox = useSandbox()

  it('registers apps and rejects bad registrations', async () => {
    const app = await sandbox.control.registerApp({ platform: 'facebook', redirectUris: ['http://localhost:3000/auth/facebook/callback'] })
    expect(app).toMatchObject({
      platform: 'facebook',
      requireAppSecretProof: true,
      id: expect.stringMatching(/^\d+$/),
      secret: expect.any(String),
    })
    await expect(sandbox.control.registerApp({ platform: 'facebook', id: app.id, redirectUris: ['https://x.example/'] })).rejects.toThrow(
      /already exists/,
    )
    await expect(sandbox.control.registerApp({ platform: 'threads', redirectUris: [] })).rejects.toThrow(SandboxControlError)
    await expect(sandbox.control.registerApp({ platform: 'threads', redirectUris: ['not a url'] })).rejects.toThrow(/http/)
    expect((await sandbox.control.updateApp(app.id, { requireAppSecretProof: false })).requireAppSecretProof).toBe(false)
  })

  it('creates people with a Threads profile and Pages, and adds Pages later', async () => {
    const person = await sandbox.control.createPerson({
      name: 'Dora Lima',
      threads: { username: 'dora', biography: 'hi' },
      pages: [{ name: 'Dora Bakery' }],
      signIn: true,
    })
    expect(person.threads).toMatchObject({
      username: 'dora',
      biography: 'hi',
      id: expect.stringMatching(/^178414\d{11}$/),
      viewUrl: `${sandbox.url}/view/threads/@dora`,
    })
    expect(person.pages).toEqual([expect.objectContaining({ name: 'Dora Bakery', tasks: expect.arrayContaining(['CREATE_CONTENT']) })])
    const more = await sandbox.control.addPages(person.id, 2)
    expect(more.pages).toHaveLength(3)
    await expect(sandbox.control.createPerson({ name: 'Dup', threads: { username: 'dora' } })).rejects.toThrow(/taken/)
    const state = await sandbox.control.state()
    expect(state.signedInPersonId).toBe(person.id)
    await sandbox.control.signIn(null)
    expect((await sandbox.control.state()).signedInPersonId).toBeNull()
  })

  it('creates people, profiles and Pages with the ids asked for, so a demo can be rebuilt identically', async () => {
    const input = { id: '100000000000001', threads: { id: '17841400000000001' }, pages: [{ id: '100000000000011', name: 'Same Page' }] }
    const person = await sandbox.control.createPerson(input)
    expect(person).toMatchObject({ id: input.id, threads: { id: input.threads.id }, pages: [{ id: '100000000000011', name: 'Same Page' }] })
    await expect(sandbox.control.createPerson({ id: input.id })).rejects.toThrow(/already exists/)
    await expect(sandbox.control.addPages(person.id, [{ id: person.id }])).rejects.toThrow(/already exists/)
    await expect(sandbox.control.createPerson({ threads: { id: '12' } })).rejects.toThrow(/178414/)
  })

  it('resets everything', async () => {
    await threadsWorld(sandbox.control)
    await sandbox.control.advanceClock({ hours: 3 })
    await sandbox.control.reset()
    const state = await sandbox.control.state()
    expect(state.apps).toEqual([])
    expect(state.people).toEqual([])
    expect(state.clock.offsetMs).toBe(0)
  })

  it('moves the sandbox clock forward only', async () => {
    const before = await sandbox.control.clock()
    const after = await sandbox.control.advanceClock({ days: 1, hours: 2, minutes: 3, seconds: 4, ms: 5 })
    expect(after.offsetMs).toBe(((24 + 2) * 3600 + 3 * 60 + 4) * 1000 + 5)
    expect(after.nowMs - before.nowMs).toBeGreaterThanOrEqual(after.offsetMs)
    await expect(sandbox.control.advanceClock({ hours: -1 })).rejects.toThrow(/forward/)
  })

  it('issues codes and tokens as the consent page would', async () => {
    const { app, person, pageId } = await facebookWorld(sandbox.control)
    const { code, redirectUri } = await sandbox.control.issueCode({
      appId: app.id,
      personId: person.id,
      scopes: ['public_profile', 'pages_show_list'],
    })
    const token = await callMeta<{ access_token: string }>(sandbox.url, 'GET', '/v25.0/oauth/access_token', {
      query: { client_id: app.id, client_secret: app.secret, redirect_uri: redirectUri, code },
    })
    expect(token.status).toBe(200)
    const short = await sandbox.control.issueToken({ appId: app.id, personId: person.id, lifetime: 'short', pageId })
    expect(short).toMatchObject({
      kind: 'fb_page',
      pageId,
      userAccessToken: expect.stringMatching(/^EAASANDBOX/),
      expiresAt: expect.any(String),
    })
    await expect(sandbox.control.issueToken({ appId: app.id, personId: person.id, pageId: '1' })).rejects.toThrow(/no role/)
  })

  it('logs every call with its parameters, filterable', async () => {
    const { token } = await threadsWorld(sandbox.control)
    await callMeta(sandbox.url, 'POST', '/v1.0/me/threads', { form: { media_type: 'TEXT', text: 'logged', access_token: token } })
    await callMeta(sandbox.url, 'GET', '/v1.0/me', { query: { fields: 'username', access_token: token } })
    const all = await sandbox.control.calls()
    expect(all.map((call) => call.route)).toEqual(['threads.containers.create', 'threads.object.get'])
    expect(all[0]).toMatchObject({
      method: 'POST',
      path: '/v1.0/me/threads',
      platform: 'threads',
      body: { media_type: 'TEXT', text: 'logged' },
      status: 200,
      error: null,
    })
    expect(await sandbox.control.calls({ method: 'GET', pathContains: '/me' })).toHaveLength(1)
    await sandbox.control.clearCalls()
    expect(await sandbox.control.calls()).toEqual([])
  })

  it('invalidates tokens as Meta would', async () => {
    const { app, person, pageId, pageToken, userToken } = await facebookWorld(sandbox.control)
    const me = (token: string) => callMeta<GraphErrorBody>(sandbox.url, 'GET', '/v25.0/me', { query: { access_token: token } })
    await sandbox.control.invalidate({ reason: 'password_changed', personId: person.id })
    expect((await me(pageToken)).body.error).toMatchObject({ code: 190, error_subcode: 460 })
    expect((await me(userToken)).body.error).toMatchObject({ code: 190, error_subcode: 460 })
    const fresh = await sandbox.control.issueToken({ appId: app.id, personId: person.id, pageId })
    await sandbox.control.invalidate({ reason: 'expired', token: fresh.accessToken })
    expect((await me(fresh.accessToken)).body.error).toMatchObject({ code: 190, error_subcode: 463 })
    await expect(sandbox.control.invalidate({ reason: 'invalid', token: 'EAAnothing' })).rejects.toThrow(/issued/)
    await expect(sandbox.control.invalidate({ reason: 'page_role_lost', personId: person.id, pageId: '1' })).rejects.toThrow(/no role/)
  })

  it('lists media rules and faults, and clears them', async () => {
    await sandbox.control.addMediaRule({ match: 'cdn.example', fetch: 'ok' })
    await sandbox.control.injectFault({ route: 'threads.publish', error: { code: 1 }, times: 3 })
    const state = await sandbox.control.state()
    expect(state.mediaRules).toEqual([expect.objectContaining({ match: 'cdn.example', fetch: 'ok' })])
    expect(state.faults).toEqual([expect.objectContaining({ route: 'threads.publish', remaining: 3 })])
    await sandbox.control.clearMediaRules()
    await sandbox.control.clearFaults()
    expect(await sandbox.control.faults()).toEqual([])
  })

  it('serves sample media and answers unknown control routes with 404', async () => {
    const png = await fetch(sandbox.control.sampleMediaUrl('sample.png'))
    expect(png.headers.get('content-type')).toBe('image/png')
    expect((await fetch(`${sandbox.url}/__sandbox/nothing-here`)).status).toBe(404)
    expect((await fetch(`${sandbox.url}/__sandbox/apps`, { method: 'POST', body: 'x' })).status).toBe(400)
  })
})
