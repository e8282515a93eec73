import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { beforeAll, describe, expect, it } from 'vitest'
import { createThreadsClient, type ThreadsClient } from '#app/.server/platforms/threads/client.ts'
import type { SandboxApp, SandboxPerson } from '../../sandbox/control-client.ts'
import { answerConsent } from '#tests/meta-sandbox.ts'
import { failureOf, REDIRECT_URI, useSandbox } from './helpers.ts'
import { reloadEnv } from '#app/.server/env.ts'

const sandbox = useSandbox()
let app: SandboxApp
let person: SandboxPerson
let threads: ThreadsClient

beforeAll(async () => {
  // Sandbox mode: the sandbox's permalinks are accepted only then (meta-links.ts).
  process.env.META_SANDBOX_URL = sandbox.url
  reloadEnv()
  app = await sandbox.control.registerApp({ platform: 'threads', redirectUris: [REDIRECT_URI] })
  person = await sandbox.control.createPerson({ name: 'Ana Lima', threads: true, signIn: true })
  threads = client()
})

function client(overrides: { timeoutMs?: number; appSecret?: string } = {}): ThreadsClient {
  return createThreadsClient({
    apiUrl: sandbox.url,
    authorizeUrl: `${sandbox.url}/oauth/authorize`,
    appId: app.id,
    appSecret: overrides.appSecret ?? app.secret,
    timeoutMs: overrides.timeoutMs,
  })
}

async function connect(): Promise<{ code: string; state: string | null }> {
  const redirect = await answerConsent(
    threads.authorizeUrl({ redirectUri: REDIRECT_URI, state: 'st4te', scopes: ['threads_content_publish'] }),
  )
  return { code: redirect.searchParams.get('code') ?? '', state: redirect.searchParams.get('state') }
}

async function longLivedToken(): Promise<string> {
  const { code } = await connect()
  const short = await threads.exchangeCode({ code, redirectUri: REDIRECT_URI })
  return (await threads.exchangeForLongLived(short.data.accessToken)).data.accessToken
}

describe('Threads client: connecting', () => {
  it('asks for threads_basic with the requested scopes', () => {
    const url = new URL(threads.authorizeUrl({ redirectUri: REDIRECT_URI, state: 's', scopes: ['threads_content_publish'] }))
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: app.id,
      redirect_uri: REDIRECT_URI,
      scope: 'threads_basic,threads_content_publish',
      response_type: 'code',
      state: 's',
    })
  })

  it('goes from consent to a long-lived token and the profile', async () => {
    const { code, state } = await connect()
    expect(state).toBe('st4te')

    const short = await threads.exchangeCode({ code, redirectUri: REDIRECT_URI })
    // Meta sends user_id as a bare number beyond 2^53; it must arrive digit for digit.
    expect(short.data.userId).toBe(person.threads?.id)
    expect(short.data.accessToken).toMatch(/^TH/)

    const long = await threads.exchangeForLongLived(short.data.accessToken)
    expect(long.data.expiresIn).toBeGreaterThan(59 * 86_400)
    expect(long.data.accessToken).not.toBe(short.data.accessToken)

    const profile = await threads.getProfile(long.data.accessToken)
    expect(profile.data).toMatchObject({ id: person.threads?.id, username: person.threads?.username, name: person.threads?.name })
    expect(typeof profile.data.isVerified).toBe('boolean')
  })

  it('sends the code exchange as a form body, keeping the secret out of the URL', async () => {
    const { code } = await connect()
    await threads.exchangeCode({ code, redirectUri: REDIRECT_URI })
    const [call] = (await sandbox.control.calls({ route: 'threads.oauth.access_token' })).slice(-1)
    expect(call?.method).toBe('POST')
    expect(call?.query).toEqual({})
    expect(call?.body).toMatchObject({ client_secret: app.secret, grant_type: 'authorization_code', code })
  })

  it('refuses a code used twice as a failed sign-in, without echoing code or secret', async () => {
    const { code } = await connect()
    await threads.exchangeCode({ code, redirectUri: REDIRECT_URI })
    const error = await failureOf(threads.exchangeCode({ code, redirectUri: REDIRECT_URI }))
    expect(error.failure).toMatchObject({ kind: 'reconnect', reason: 'authorization_failed' })
    expect(error.message).toContain('POST /oauth/access_token')
    expect(error.message).not.toContain(code)
    expect(error.message).not.toContain(app.secret)
  })

  it('reports a wrong app secret as a setup problem, not something a retry fixes', async () => {
    const { code } = await connect()
    const error = await failureOf(client({ appSecret: 'not-the-secret' }).exchangeCode({ code, redirectUri: REDIRECT_URI }))
    expect(error.failure).toMatchObject({ kind: 'permanent', reason: 'app_misconfigured', action: 'contact_support' })
    expect(error.message).not.toContain('not-the-secret')
  })
})

describe('Threads client: refreshing', () => {
  it('refreshes only a long-lived token at least a day old, for another 60 days', async () => {
    const token = await longLivedToken()
    const tooEarly = await failureOf(threads.refreshLongLived(token))
    expect(tooEarly.failure).toMatchObject({ kind: 'permanent', reason: 'invalid_request', code: 100 })

    await sandbox.control.advanceClock({ hours: 25 })
    const refreshed = await threads.refreshLongLived(token)
    expect(refreshed.data.expiresIn).toBeGreaterThan(59 * 86_400)
    expect((await threads.getProfile(refreshed.data.accessToken)).data.id).toBe(person.threads?.id)
  })

  it('asks for a reconnect once a token has expired', async () => {
    const token = await longLivedToken()
    await sandbox.control.advanceClock({ days: 61 })
    const error = await failureOf(threads.refreshLongLived(token))
    expect(error.failure).toMatchObject({ kind: 'reconnect', code: 190 })
    expect(error.message).not.toContain(token)
  })
})

describe('Threads client: publishing', () => {
  let token: string
  beforeAll(async () => {
    token = await longLivedToken()
    await sandbox.control.addMediaRule({ match: 'media.example/photo.jpg', fetch: 'ok', contentType: 'image/jpeg' })
  })

  it('creates, waits for, publishes and finds a text post, and counts it against the quota', async () => {
    const before = await threads.getPublishingLimit(token)
    const container = await threads.createContainer(token, {
      mediaType: 'TEXT',
      text: 'Hello from Duopost',
      replyControl: 'everyone',
    })
    expect((await threads.getContainerStatus(token, container.data.id)).data.status).toBe('FINISHED')
    const published = await threads.publishContainer(token, container.data.id)
    const media = await threads.getMedia(token, published.data.id)
    expect(media.data).toMatchObject({ id: published.data.id, text: 'Hello from Duopost' })
    expect(media.data.permalink).toMatch(/^https?:\/\//)
    expect((await threads.listRecentPosts(token, 5)).data[0]).toEqual(media.data)
    const after = await threads.getPublishingLimit(token)
    expect(after.data).toEqual({ used: before.data.used + 1, total: 250, windowSeconds: 86_400 })
  })

  it('deletes a post with threads_delete; a post already gone is object_missing, a token without the permission a missing permission', async () => {
    const container = await threads.createContainer(token, { mediaType: 'TEXT', text: 'To delete' })
    const published = await threads.publishContainer(token, container.data.id)
    expect((await failureOf(threads.deletePost(token, published.data.id))).failure).toMatchObject({
      reason: 'permission_missing',
      code: 10,
    })
    const { accessToken } = await sandbox.control.issueToken({
      appId: app.id,
      personId: person.id,
      scopes: ['threads_basic', 'threads_content_publish', 'threads_delete'],
    })
    expect((await threads.deletePost(accessToken, published.data.id)).data).toEqual({ deletedId: published.data.id })
    expect((await failureOf(threads.getMedia(token, published.data.id))).failure).toMatchObject({
      reason: 'object_missing',
      kind: 'permanent',
    })
    expect((await failureOf(threads.deletePost(accessToken, published.data.id))).failure).toMatchObject({
      reason: 'object_missing',
      code: 100,
      subcode: 33,
    })
  })

  it('says "not ready" when publishing media still processing, then publishes once FINISHED', async () => {
    const container = await threads.createContainer(token, {
      mediaType: 'IMAGE',
      imageUrl: 'https://media.example/photo.jpg',
      altText: 'A photo',
    })
    expect((await threads.getContainerStatus(token, container.data.id)).data.status).toBe('IN_PROGRESS')
    const early = await failureOf(threads.publishContainer(token, container.data.id))
    expect(early.failure).toMatchObject({ kind: 'transient', reason: 'not_ready', code: 24, subcode: 4279009 })

    await sandbox.control.advanceClock({ seconds: 10 })
    expect((await threads.getContainerStatus(token, container.data.id)).data.status).toBe('FINISHED')
    expect((await threads.publishContainer(token, container.data.id)).data.id).toBeTruthy()
  })

  it('rejects a post over the link limit as something to edit', async () => {
    const links = Array.from({ length: 6 }, (_, i) => `https://site${i}.example`).join(' ')
    const error = await failureOf(threads.createContainer(token, { mediaType: 'TEXT', text: links }))
    expect(error.failure).toMatchObject({ kind: 'permanent', action: 'edit', code: 100 })
  })
})

describe('Threads client: when Meta fails', () => {
  let token: string
  beforeAll(async () => {
    token = await longLivedToken()
  })

  it('maps an injected invalid-token error to a reconnect', async () => {
    await sandbox.control.injectFault({ route: 'threads.object.get', error: { code: 190, error_subcode: 460 } })
    const error = await failureOf(threads.getProfile(token))
    expect(error.failure).toMatchObject({ kind: 'reconnect', reason: 'password_changed', code: 190, subcode: 460 })
    expect(error.message).not.toContain(token)
  })

  it('treats a call that outlives the timeout as Meta unreachable', async () => {
    await sandbox.control.injectFault({ route: 'threads.object.get', delayMs: 1_000 })
    const error = await failureOf(client({ timeoutMs: 100 }).getProfile(token))
    expect(error.failure).toMatchObject({ kind: 'transient', reason: 'unreachable', action: 'retry' })
    expect(error.failure.detail).toBe('no answer within 100 ms')
    await sandbox.control.clearFaults()
  })

  it('treats a dropped connection as Meta unreachable', async () => {
    await sandbox.control.injectFault({ route: 'threads.publishing_limit', drop: true })
    const error = await failureOf(threads.getPublishingLimit(token))
    expect(error.failure).toMatchObject({ kind: 'transient', reason: 'unreachable' })
  })

  it('treats a refused connection as Meta unreachable', async () => {
    const server = createServer().listen(0, '127.0.0.1')
    await once(server, 'listening')
    const { port } = server.address() as AddressInfo
    await new Promise((resolve) => server.close(resolve))
    const apiUrl = `http://127.0.0.1:${port}`
    const closed = createThreadsClient({ apiUrl, authorizeUrl: `${apiUrl}/oauth/authorize`, appId: 'a', appSecret: 's' })
    const error = await failureOf(closed.getProfile(token))
    expect(error.failure).toMatchObject({ kind: 'transient', reason: 'unreachable' })
    expect(error.message).toContain('ECONNREFUSED')
  })
})
