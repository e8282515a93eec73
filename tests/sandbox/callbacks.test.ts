import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callMeta, facebookWorld, threadsWorld, useSandbox, type GraphErrorBody } from './helpers.ts'

interface Received {
  path: string
  contentType: string
  signedRequest: string
}

/** A stand-in for the app's callback endpoints: records requests and answers like a good app. */
function callbackReceiver() {
  const received: Received[] = []
  let server: Server
  let url = ''
  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = ''
      req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')))
      req.on('end', () => {
        received.push({
          path: req.url ?? '',
          contentType: req.headers['content-type'] ?? '',
          signedRequest: new URLSearchParams(raw).get('signed_request') ?? '',
        })
        res.setHeader('content-type', 'application/json')
        if (req.url === '/bad-deletion') res.end('{"status":"ok"}')
        else res.end(JSON.stringify({ url: 'https://duopost.example/deletion/ABC123', confirmation_code: 'ABC123' }))
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })
  return { received, url: () => url }
}

/** What the app must do with a signed_request (meta-api.md §4.1). */
function verify(signedRequest: string, secret: string): Record<string, unknown> {
  const [signature = '', payload = ''] = signedRequest.split('.')
  const expected = createHmac('sha256', secret).update(payload).digest()
  const given = Buffer.from(signature, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error('bad signature')
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>
}

describe('deauthorize and data-deletion callbacks', () => {
  const sandbox = useSandbox()
  const receiver = callbackReceiver()

  it('fires a deauthorize callback with a correctly signed signed_request, revoking the grant', async () => {
    const { app, person, userToken } = await facebookWorld(sandbox.control)
    await sandbox.control.updateApp(app.id, { deauthorizeCallbackUrl: `${receiver.url()}/deauthorize` })
    const result = await sandbox.control.fireCallback({ kind: 'deauthorize', appId: app.id, personId: person.id })
    expect(result).toMatchObject({
      status: 200,
      problems: [],
      payload: { algorithm: 'HMAC-SHA256', user_id: person.id, issued_at: expect.any(Number) },
    })
    const delivered = receiver.received.at(-1)
    expect(delivered).toMatchObject({ path: '/deauthorize', contentType: 'application/x-www-form-urlencoded' })
    expect(verify(delivered?.signedRequest ?? '', app.secret)).toEqual(result.payload)
    expect(() => verify(delivered?.signedRequest ?? '', 'wrong-secret')).toThrow()
    const after = await callMeta<GraphErrorBody>(sandbox.url, 'GET', '/v25.0/me', { query: { access_token: userToken } })
    expect(after.body.error).toMatchObject({ code: 190, error_subcode: 458 })
  })

  it('fires a Threads data-deletion callback with the Threads user id and checks the answer', async () => {
    const { app, person, profileId } = await threadsWorld(sandbox.control)
    await sandbox.control.updateApp(app.id, { dataDeletionCallbackUrl: `${receiver.url()}/deletion` })
    const good = await sandbox.control.fireCallback({ kind: 'data_deletion', appId: app.id, personId: person.id })
    expect(good.problems).toEqual([])
    expect(verify(good.signedRequest, app.secret)).toMatchObject({ user_id: profileId, expires: expect.any(Number) })
    await sandbox.control.updateApp(app.id, { dataDeletionCallbackUrl: `${receiver.url()}/bad-deletion` })
    const bad = await sandbox.control.fireCallback({ kind: 'data_deletion', appId: app.id, personId: person.id })
    expect(bad.problems).toHaveLength(2)
    await expect(
      sandbox.control.fireCallback({ kind: 'data_deletion', appId: app.id, personId: person.id, url: `${receiver.url()}/elsewhere` }),
    ).rejects.toThrow(/registered/)
    await expect(sandbox.control.fireCallback({ kind: 'deauthorize', appId: app.id, personId: person.id })).rejects.toThrow(
      /no deauthorize/,
    )
  })

  it('fires a Facebook data-deletion callback: the app-scoped user id, expires an hour on, and every token dead', async () => {
    const { app, person, userToken, pageToken } = await facebookWorld(sandbox.control)
    await sandbox.control.updateApp(app.id, { dataDeletionCallbackUrl: `${receiver.url()}/deletion` })
    const result = await sandbox.control.fireCallback({ kind: 'data_deletion', appId: app.id, personId: person.id })
    const payload = verify(result.signedRequest, app.secret)
    expect(Object.keys(payload)).toEqual(['algorithm', 'expires', 'issued_at', 'user_id'])
    expect(payload).toEqual({
      algorithm: 'HMAC-SHA256',
      expires: Number(payload.issued_at) + 3600,
      issued_at: expect.any(Number),
      user_id: person.id,
    })
    expect(result).toMatchObject({ url: `${receiver.url()}/deletion`, status: 200, problems: [] })
    for (const token of [userToken, pageToken]) {
      const after = await callMeta<GraphErrorBody>(sandbox.url, 'GET', '/v25.0/me', { query: { access_token: token } })
      expect(after.body.error).toMatchObject({ code: 190, error_subcode: 458 })
    }
  })

  it('fires a Threads Uninstall callback signed with the Threads app secret, with the Threads user id', async () => {
    const { app, person, profileId, token } = await threadsWorld(sandbox.control)
    await sandbox.control.updateApp(app.id, { deauthorizeCallbackUrl: `${receiver.url()}/threads/uninstall` })
    const result = await sandbox.control.fireCallback({ kind: 'deauthorize', appId: app.id, personId: person.id })
    const delivered = receiver.received.at(-1)
    expect(delivered).toMatchObject({
      path: '/threads/uninstall',
      contentType: 'application/x-www-form-urlencoded',
      signedRequest: result.signedRequest,
    })
    expect(verify(result.signedRequest, 'threads-secret')).toEqual({
      algorithm: 'HMAC-SHA256',
      issued_at: expect.any(Number),
      user_id: profileId,
    })
    const after = await callMeta<GraphErrorBody>(sandbox.url, 'GET', '/v1.0/me', { query: { access_token: token } })
    expect(after.body.error).toMatchObject({ code: 190, error_subcode: 458 })
  })
})
