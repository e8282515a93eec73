import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { callMeta, facebookWorld, useSandbox, type GraphErrorBody } from './helpers.ts'

function proof(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message).digest('hex')
}

describe('appsecret_proof', () => {
  const sandbox = useSandbox()

  async function requiringProof() {
    const world = await facebookWorld(sandbox.control)
    await sandbox.control.updateApp(world.app.id, { requireAppSecretProof: true })
    return world
  }

  function me(query: Record<string, string>) {
    return callMeta<GraphErrorBody & { id?: string }>(sandbox.url, 'GET', '/v25.0/me', { query })
  }

  it('is required by default: a call without it is refused as Meta refuses it', async () => {
    const app = await sandbox.control.registerApp({ platform: 'facebook', redirectUris: ['https://duopost.example/cb'] })
    expect(app.requireAppSecretProof).toBe(true)
    const person = await sandbox.control.createPerson({ name: 'Carla' })
    const { accessToken } = await sandbox.control.issueToken({ appId: app.id, personId: person.id })
    const refused = await me({ access_token: accessToken })
    expect(refused.status).toBe(400)
    expect(refused.body.error).toEqual({
      message: 'API calls from the server require an appsecret_proof argument',
      type: 'GraphMethodException',
      code: 100,
      fbtrace_id: expect.any(String),
    })
  })

  it('accepts the timestamped proof within 5 minutes, and not after', async () => {
    const { app, userToken } = await requiringProof()
    const time = String(Math.floor((await sandbox.control.clock()).nowMs / 1000))
    const signed = { access_token: userToken, appsecret_proof: proof(app.secret, `${userToken}|${time}`), appsecret_time: time }
    expect((await me(signed)).status).toBe(200)
    await sandbox.control.advanceClock({ minutes: 6 })
    const stale = { access_token: userToken, appsecret_proof: proof(app.secret, `${userToken}|1700000000`), appsecret_time: '1700000000' }
    expect((await me(stale)).body.error).toMatchObject({ message: 'Invalid appsecret_proof provided in the API argument', code: 100 })
  })

  it('accepts the legacy proof over the token alone', async () => {
    const { app, pageToken, pageId } = await requiringProof()
    const response = await callMeta(sandbox.url, 'POST', `/v25.0/${pageId}/feed`, {
      form: { message: 'signed', access_token: pageToken, appsecret_proof: proof(app.secret, pageToken) },
    })
    expect(response.status).toBe(200)
  })

  it('checks a proof whenever one is sent, even when the app does not require it', async () => {
    const { userToken } = await facebookWorld(sandbox.control)
    expect((await me({ access_token: userToken })).status).toBe(200)
    const wrong = await me({ access_token: userToken, appsecret_proof: proof('not-the-secret', userToken) })
    expect(wrong.body.error).toMatchObject({
      message: 'Invalid appsecret_proof provided in the API argument',
      type: 'GraphMethodException',
    })
    const badTime = await me({ access_token: userToken, appsecret_proof: proof('x', userToken), appsecret_time: 'noon' })
    expect(badTime.status).toBe(400)
  })

  it('does not ask app tokens for one', async () => {
    const { app, userToken } = await requiringProof()
    const debug = await callMeta(sandbox.url, 'GET', '/v25.0/debug_token', {
      query: { input_token: userToken, access_token: `${app.id}|${app.secret}` },
    })
    expect(debug.status).toBe(200)
  })
})
