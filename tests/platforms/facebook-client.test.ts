import { createHmac } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { createFacebookClient, type FacebookClient } from '#app/.server/platforms/facebook/client.ts'
import type { MetaErrorKind, MetaErrorReason } from '#app/.server/platforms/meta-error.ts'
import type { FaultErrorInput, SandboxApp, SandboxPerson } from '../../sandbox/control-client.ts'
import { answerConsent } from '#tests/meta-sandbox.ts'
import { failureOf, REDIRECT_URI, useSandbox } from './helpers.ts'
import { reloadEnv } from '#app/.server/env.ts'

const VERSION = 'v25.0'
const SCOPES = ['pages_show_list', 'pages_manage_posts', 'pages_read_engagement']

const sandbox = useSandbox()
let app: SandboxApp
let person: SandboxPerson
let facebook: FacebookClient

beforeAll(async () => {
  // Sandbox mode: the sandbox's permalinks are accepted only then (meta-links.ts).
  process.env.META_SANDBOX_URL = sandbox.url
  reloadEnv()
  app = await sandbox.control.registerApp({ platform: 'facebook', redirectUris: [REDIRECT_URI] })
  person = await sandbox.control.createPerson({ name: 'Bea Costa', pages: 29, signIn: true })
  person = await sandbox.control.addPages(person.id, [{ name: 'Read-only Page', tasks: ['ANALYZE'] }])
  facebook = createFacebookClient({
    graphUrl: sandbox.url,
    authorizeUrl: `${sandbox.url}/${VERSION}/dialog/oauth`,
    graphVersion: VERSION,
    appId: app.id,
    appSecret: app.secret,
  })
})

/** Consent with every Page ticked, then the two exchanges. */
async function connect(): Promise<{ short: string; long: string }> {
  const authorizeUrl = facebook.authorizeUrl({ redirectUri: REDIRECT_URI, state: 'fb-state', scopes: SCOPES })
  const redirect = await answerConsent(authorizeUrl, { tick: { page_id: person.pages.map((p) => p.id) } })
  expect(redirect.searchParams.get('state')).toBe('fb-state')
  const short = await facebook.exchangeCode({ code: redirect.searchParams.get('code') ?? '', redirectUri: REDIRECT_URI })
  const long = await facebook.exchangeForLongLived(short.data.accessToken)
  return { short: short.data.accessToken, long: long.data.accessToken }
}

describe('Facebook client: connecting', () => {
  let userToken: string
  beforeAll(async () => {
    userToken = (await connect()).long
  })

  it('opens the login dialog at the configured URL as is, adding only the parameters', () => {
    const url = new URL(facebook.authorizeUrl({ redirectUri: REDIRECT_URI, state: 's', scopes: SCOPES }))
    expect(url.pathname).toBe(`/${VERSION}/dialog/oauth`)
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: app.id,
      redirect_uri: REDIRECT_URI,
      state: 's',
      response_type: 'code',
      scope: SCOPES.join(','),
    })
  })

  it('trades the code for a long-lived user token, and reads the person and permissions', async () => {
    const { short, long } = await connect()
    expect(long).not.toBe(short)
    expect((await facebook.getMe(long)).data).toEqual({ id: person.id, name: 'Bea Costa' })
    const permissions = (await facebook.getPermissions(long)).data
    for (const scope of SCOPES) expect(permissions).toContainEqual({ permission: scope, status: 'granted' })
  })

  it('lists all 30 Pages across cursor pages, with Page tokens and whether posting is allowed', async () => {
    const before = (await sandbox.control.calls({ route: 'facebook.accounts' })).length
    const { data: pages, usage } = await facebook.listPages(userToken, { pageSize: 7 })
    expect((await sandbox.control.calls({ route: 'facebook.accounts' })).length - before).toBe(5)
    expect(pages.map((p) => p.id).sort()).toEqual(person.pages.map((p) => p.id).sort())
    expect(new Set(pages.map((p) => p.accessToken)).size).toBe(30)
    expect(pages.find((p) => p.name === 'Read-only Page')).toMatchObject({ tasks: ['ANALYZE'], canPublish: false })
    expect(pages.filter((p) => p.canPublish)).toHaveLength(29)
    expect(pages[0]?.pictureUrl).toMatch(/^http/)
    expect(usage.app?.callCount).toBeGreaterThan(0)
  })

  it('inspects tokens with the app token: Page tokens from a long-lived user token never expire', async () => {
    const [page] = (await facebook.listPages(userToken)).data
    const pageInfo = (await facebook.debugToken(page!.accessToken)).data
    expect(pageInfo).toMatchObject({ isValid: true, type: 'PAGE', appId: app.id, expiresAt: null })
    const userInfo = (await facebook.debugToken(userToken)).data
    expect(userInfo).toMatchObject({ isValid: true, type: 'USER', userId: person.id })
    expect(userInfo.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 59 * 86_400_000)
    expect(userInfo.scopes).toEqual(expect.arrayContaining(SCOPES))
  })
})

describe('Facebook client: publishing', () => {
  let pageToken: string
  let pageId: string
  beforeAll(async () => {
    const [page] = (await facebook.listPages((await connect()).long)).data.filter((p) => p.canPublish)
    pageToken = page!.accessToken
    pageId = page!.id
    await sandbox.control.addMediaRule({ match: 'media.example/', fetch: 'ok', contentType: 'image/jpeg' })
  })

  it('posts text and photos, and finds them again in the feed', async () => {
    const text = await facebook.postToFeed(pageToken, pageId, { message: 'Hello, Page', link: 'https://duopost.example' })
    expect(text.data.id).toMatch(new RegExp(`^${pageId}_`))
    const single = await facebook.postPhoto(pageToken, pageId, { url: 'https://media.example/a.jpg', caption: 'One photo' })
    expect(single.data.postId).toBeTruthy()

    const hidden = await facebook.postPhoto(pageToken, pageId, { url: 'https://media.example/b.jpg', published: false })
    const album = await facebook.postToFeed(pageToken, pageId, { message: 'Two photos', attachedPhotoIds: [hidden.data.id] })

    const feed = (await facebook.getFeed(pageToken, pageId)).data
    expect(feed.map((p) => p.id)).toEqual(expect.arrayContaining([text.data.id, single.data.postId, album.data.id]))
    const post = (await facebook.getPost(pageToken, text.data.id)).data
    expect(post).toMatchObject({ id: text.data.id, message: 'Hello, Page' })
    expect(post.permalinkUrl).toMatch(/^http/)
  })

  it('edits a post’s text and deletes it; a deleted post is object_missing', async () => {
    const created = await facebook.postToFeed(pageToken, pageId, { message: 'Frist' })
    expect((await facebook.editPost(pageToken, created.data.id, 'First')).data).toBe(true)
    expect((await facebook.getPost(pageToken, created.data.id)).data.message).toBe('First')
    expect((await facebook.deletePost(pageToken, created.data.id)).data).toBe(true)
    for (const call of [facebook.getPost(pageToken, created.data.id), facebook.deletePost(pageToken, created.data.id)]) {
      expect((await failureOf(call)).failure).toMatchObject({ reason: 'object_missing', kind: 'permanent', code: 100, subcode: 33 })
    }
  })

  it('reports the Page limit headers on responses', async () => {
    const { usage } = await facebook.getPost(pageToken, (await facebook.postToFeed(pageToken, pageId, { message: 'Usage' })).data.id)
    expect(usage.business).toContainEqual(expect.objectContaining({ businessId: pageId, type: 'pages' }))
  })
})

describe('Facebook client: when Meta fails', () => {
  let userToken: string
  beforeAll(async () => {
    userToken = (await connect()).long
  })

  const FAULTS: [FaultErrorInput, MetaErrorKind, MetaErrorReason][] = [
    [{ code: 2 }, 'transient', 'temporary'],
    [{ code: 1, status: 503 }, 'transient', 'temporary'],
    [{ code: 4 }, 'rate_limited', 'app_rate_limit'],
    [{ code: 17 }, 'rate_limited', 'user_rate_limit'],
    [{ code: 32 }, 'rate_limited', 'business_rate_limit'],
    [{ code: 613 }, 'rate_limited', 'rate_limit'],
    [{ code: 368 }, 'rate_limited', 'temporarily_blocked'],
    [{ code: 10 }, 'reconnect', 'permission_missing'],
    [{ code: 200 }, 'reconnect', 'permission_missing'],
    [{ code: 190, error_subcode: 463 }, 'reconnect', 'token_expired'],
    [{ code: 190, error_subcode: 458 }, 'reconnect', 'app_removed'],
    [{ code: 190, error_subcode: 492 }, 'reconnect', 'page_role_lost'],
    [{ code: 100 }, 'permanent', 'invalid_request'],
    [{ code: 506 }, 'permanent', 'duplicate_post'],
  ]

  it.each(FAULTS)('maps injected error %j to %s / %s', async (fault, kind, reason) => {
    await sandbox.control.injectFault({ route: 'facebook.object.get', error: fault })
    const error = await failureOf(facebook.getMe(userToken))
    expect(error.failure).toMatchObject({ kind, reason, code: fault.code })
    expect(error.message).not.toContain(userToken)
  })

  it("takes the wait from Meta's estimate in the usage header", async () => {
    await sandbox.control.injectFault({ route: 'facebook.object.get', error: { code: 80001, regainAccessMinutes: 7 } })
    const error = await failureOf(facebook.getMe(userToken))
    expect(error.failure).toMatchObject({ kind: 'rate_limited', reason: 'business_rate_limit', retryAfterSeconds: 420 })
    expect(error.failure.usage?.highestPercent).toBe(100)
  })

  it('asks for a reconnect after the person changed their password', async () => {
    const { long } = await connect()
    await sandbox.control.invalidate({ reason: 'password_changed', personId: person.id })
    const error = await failureOf(facebook.getMe(long))
    expect(error.failure).toMatchObject({ kind: 'reconnect', reason: 'password_changed', action: 'reconnect' })
  })

  it('treats timeouts and dropped connections as Meta unreachable', async () => {
    const impatient = createFacebookClient({
      graphUrl: sandbox.url,
      authorizeUrl: `${sandbox.url}/${VERSION}/dialog/oauth`,
      graphVersion: VERSION,
      appId: app.id,
      appSecret: app.secret,
      timeoutMs: 100,
    })
    await sandbox.control.injectFault({ route: 'facebook.object.get', delayMs: 1_000 })
    expect((await failureOf(impatient.getMe(userToken))).failure).toMatchObject({ kind: 'transient', reason: 'unreachable' })
    await sandbox.control.clearFaults()
    await sandbox.control.injectFault({ route: 'facebook.object.get', drop: true })
    expect((await failureOf(facebook.getMe(userToken))).failure).toMatchObject({ kind: 'transient', reason: 'unreachable' })
  })
})

describe('Facebook client: disconnecting', () => {
  // The sandbox does not serve DELETE /{version}/me/permissions yet, so this one call is checked
  // against a stand-in that answers as Meta documents.
  it('revokes every permission with DELETE /me/permissions, carrying the proof', async () => {
    const seen: URL[] = []
    const client = createFacebookClient({
      graphUrl: 'https://graph.example',
      authorizeUrl: 'https://www.example/dialog/oauth',
      graphVersion: VERSION,
      appId: 'app',
      appSecret: 'secret',
      now: () => 1_700_000_000_000,
      fetch: async (input, init) => {
        seen.push(new URL(input instanceof Request ? input.url : input))
        expect(init?.method).toBe('DELETE')
        return Response.json({ success: true })
      },
    })
    expect((await client.revokePermissions('EAAuser')).data).toBe(true)
    expect(seen[0]?.pathname).toBe(`/${VERSION}/me/permissions`)
    expect(Object.fromEntries(seen[0]!.searchParams)).toEqual({
      access_token: 'EAAuser',
      appsecret_time: '1700000000',
      appsecret_proof: createHmac('sha256', 'secret').update('EAAuser|1700000000').digest('hex'),
    })
  })
})

// Last: checks every call the file made.
describe('appsecret_proof', () => {
  it('accompanies every call that carries an access token, timestamped and correct', async () => {
    const calls = (await sandbox.control.calls()).filter((call) => call.platform === 'facebook')
    const withToken = calls.filter((call) => ({ ...call.query, ...call.body }).access_token)
    expect(withToken.length).toBeGreaterThan(30)
    for (const call of withToken) {
      const params = { ...call.query, ...call.body }
      const expected = createHmac('sha256', app.secret).update(`${params.access_token}|${params.appsecret_time}`).digest('hex')
      expect(params.appsecret_time, `${call.method} ${call.path}`).toMatch(/^\d+$/)
      expect(params.appsecret_proof, `${call.method} ${call.path}`).toBe(expected)
    }
  })
})
