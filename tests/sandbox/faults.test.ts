import { describe, expect, it } from 'vitest'
import { callMeta, facebookWorld, threadsWorld, useSandbox, type GraphErrorBody } from './helpers.ts'

// Each code the product must handle, and what Meta sends for it.
const CASES = [
  { code: 1, status: 500, message: 'An unknown error has occurred.', is_transient: true },
  { code: 2, status: 500, message: 'An unexpected error has occurred. Please retry your request later.', is_transient: true },
  { code: 4, status: 400, message: '(#4) Application request limit reached', is_transient: true },
  { code: 17, status: 400, message: '(#17) User request limit reached', is_transient: true },
  { code: 32, status: 400, message: '(#32) Page request limit reached', is_transient: true },
  { code: 613, status: 400, message: '(#613) Calls to this api have exceeded the rate limit.', is_transient: true },
  {
    code: 80001,
    status: 400,
    message: expect.stringContaining('(#80001) There have been too many calls to this Page account'),
    is_transient: true,
  },
  { code: 10, status: 400, message: '(#10) Application does not have permission for this action' },
  { code: 200, status: 400, message: '(#200) Permissions error' },
  { code: 100, status: 400, message: '(#100) Invalid parameter' },
  { code: 190, subcode: 458, status: 400, message: expect.stringContaining('has not authorized application') },
  { code: 190, subcode: 460, status: 400, message: expect.stringContaining('changed their password') },
  { code: 190, subcode: 463, status: 400, message: expect.stringContaining('Session has expired') },
  { code: 190, subcode: 467, status: 400, message: expect.stringContaining('Error validating access token') },
  { code: 190, subcode: 492, status: 400, message: expect.stringContaining('role on the Page') },
  { code: 368, subcode: 1390008, status: 400, message: expect.stringContaining('temporarily blocked'), is_transient: false },
  { code: 506, subcode: 1455006, status: 400, message: 'Duplicate status message', is_transient: false },
] as const

describe('faults', () => {
  const sandbox = useSandbox()

  it.each(CASES.map((spec) => ['subcode' in spec ? `${spec.code}/${spec.subcode}` : String(spec.code), spec] as const))(
    'reproduces code %s in Meta’s error shape',
    async (_label, spec) => {
      const { pageId, pageToken } = await facebookWorld(sandbox.control)
      await sandbox.control.injectFault({
        route: 'facebook.feed.create',
        error: { code: spec.code, ...('subcode' in spec ? { error_subcode: spec.subcode } : {}) },
      })
      const failed = await callMeta<GraphErrorBody>(sandbox.url, 'POST', `/v25.0/${pageId}/feed`, {
        form: { message: 'hi', access_token: pageToken },
      })
      expect(failed.status).toBe(spec.status)
      expect(failed.body.error).toMatchObject({
        code: spec.code,
        type: 'OAuthException',
        message: spec.message,
        fbtrace_id: expect.stringMatching(/^A[\w-]{10,}/),
        ...('subcode' in spec ? { error_subcode: spec.subcode } : {}),
        ...('is_transient' in spec ? { is_transient: spec.is_transient } : {}),
      })
      expect(failed.headers.get('www-authenticate')).toContain('"Facebook Platform"')
      const retried = await callMeta(sandbox.url, 'POST', `/v25.0/${pageId}/feed`, { form: { message: 'hi', access_token: pageToken } })
      expect(retried.status).toBe(200)
    },
  )

  it('reports rate limits in X-App-Usage and X-Business-Use-Case-Usage with the time to regain access', async () => {
    const { pageId, pageToken } = await facebookWorld(sandbox.control)
    await sandbox.control.injectFault({ route: 'facebook.feed.create', error: { code: 80001, regainAccessMinutes: 17 } })
    const throttled = await callMeta(sandbox.url, 'POST', `/v25.0/${pageId}/feed`, { form: { message: 'hi', access_token: pageToken } })
    expect(JSON.parse(throttled.headers.get('x-app-usage') ?? '{}')).toEqual({ call_count: 100, total_cputime: 100, total_time: 100 })
    const buc = JSON.parse(throttled.headers.get('x-business-use-case-usage') ?? '{}') as Record<string, unknown[]>
    expect(buc[pageId]).toEqual([
      { type: 'pages', call_count: 100, total_cputime: 100, total_time: 100, estimated_time_to_regain_access: 17 },
    ])
  })

  it('fails the next N matching calls only, matching by route, method and path glob', async () => {
    const { token } = await threadsWorld(sandbox.control)
    await sandbox.control.injectFault({ path: '/v1.0/*/threads_publish', method: 'POST', times: 2, error: { code: 2 } })
    const publish = async () => {
      const container = await callMeta<{ id: string }>(sandbox.url, 'POST', '/v1.0/me/threads', {
        form: { media_type: 'TEXT', text: `t${Math.random()}`, access_token: token },
      })
      return callMeta<GraphErrorBody>(sandbox.url, 'POST', '/v1.0/me/threads_publish', {
        query: { creation_id: container.body.id, access_token: token },
      })
    }
    expect((await publish()).body.error.code).toBe(2)
    expect((await publish()).body.error.code).toBe(2)
    expect((await publish()).status).toBe(200)
    expect(await sandbox.control.faults()).toEqual([])
    const calls = await sandbox.control.calls({ route: 'threads.publish' })
    expect(calls.map((call) => [call.status, call.error?.code ?? null, call.fault !== null])).toEqual([
      [500, 2, true],
      [500, 2, true],
      [200, null, false],
    ])
  })

  it('applies a fault on a Threads route with the error it was given', async () => {
    const { token } = await threadsWorld(sandbox.control)
    await sandbox.control.injectFault({ route: 'threads.object.get', error: { code: 190, error_subcode: 460 } })
    const me = await callMeta<GraphErrorBody>(sandbox.url, 'GET', '/v1.0/me', { query: { access_token: token } })
    expect(me.body.error).toMatchObject({ code: 190, error_subcode: 460 })
  })

  it('can drop the connection without an answer', async () => {
    const { userToken } = await facebookWorld(sandbox.control)
    await sandbox.control.injectFault({ route: 'facebook.object.get', drop: true })
    await expect(fetch(`${sandbox.url}/v25.0/me?access_token=${userToken}`)).rejects.toThrow()
    expect((await callMeta(sandbox.url, 'GET', '/v25.0/me', { query: { access_token: userToken } })).status).toBe(200)
    const [dropped] = await sandbox.control.calls({ route: 'facebook.object.get' })
    expect(dropped?.status).toBe(0)
  })

  it('can answer slowly, then normally', async () => {
    const { userToken } = await facebookWorld(sandbox.control)
    const fault = await sandbox.control.injectFault({ route: 'facebook.object.get', delayMs: 20 })
    expect(fault).toMatchObject({ remaining: 1, delayMs: 20 })
    expect((await callMeta(sandbox.url, 'GET', '/v25.0/me', { query: { access_token: userToken } })).status).toBe(200)
    expect((await sandbox.control.calls())[0]?.fault).toBe(fault.id)
  })

  it('keeps a latency setting for every Meta call, not for control calls', async () => {
    expect((await sandbox.control.configure({ latencyMs: 5 })).latencyMs).toBe(5)
    const { userToken } = await facebookWorld(sandbox.control)
    expect((await callMeta(sandbox.url, 'GET', '/v25.0/me', { query: { access_token: userToken } })).status).toBe(200)
    await sandbox.control.reset()
    expect((await sandbox.control.config()).latencyMs).toBe(0)
  })

  it('refuses a fault that does nothing', async () => {
    await expect(sandbox.control.injectFault({ route: 'facebook.feed.create' })).rejects.toThrow(/needs an error/)
  })
})
