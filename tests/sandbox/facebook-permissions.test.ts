import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { callMeta, facebookWorld, useSandbox, type GraphErrorBody } from './helpers.ts'

type Permissions = { data: { permission: string; status: string }[] } & Partial<GraphErrorBody>
type Success = { success?: boolean } & Partial<GraphErrorBody>

describe('revoking permissions: DELETE /{user-id}/permissions', () => {
  const sandbox = useSandbox()

  /** The Facebook world with "Require App Secret" on, and a signer for its tokens. */
  async function world() {
    const facebook = await facebookWorld(sandbox.control)
    await sandbox.control.updateApp(facebook.app.id, { requireAppSecretProof: true })
    const signed = (token: string, query: Record<string, string> = {}) => ({
      ...query,
      access_token: token,
      appsecret_proof: createHmac('sha256', facebook.app.secret).update(token).digest('hex'),
    })
    return { ...facebook, signed }
  }

  function graph<T>(method: string, path: string, query: Record<string, string>) {
    return callMeta<T>(sandbox.url, method, `/v25.0/${path}`, { query })
  }

  it('removes the app: success, then the user token and its Page tokens fail with 190/458', async () => {
    const { app, userToken, pageToken, pageId, signed } = await world()
    const removed = await graph<Success>('DELETE', 'me/permissions', signed(userToken))
    expect(removed.status).toBe(200)
    expect(removed.body).toEqual({ success: true })
    const expected = {
      code: 190,
      error_subcode: 458,
      type: 'OAuthException',
      message: `Error validating access token: The user has not authorized application ${app.id}.`,
    }
    for (const token of [userToken, pageToken]) {
      expect((await graph<GraphErrorBody>('GET', 'me', signed(token))).body.error).toMatchObject(expected)
    }
    const post = await callMeta<GraphErrorBody>(sandbox.url, 'POST', `/v25.0/${pageId}/feed`, {
      form: { message: 'after removal', ...signed(pageToken) },
    })
    expect(post.body.error).toMatchObject({ code: 190, error_subcode: 458 })
    const [logged] = await sandbox.control.calls({ route: 'facebook.permissions.delete' })
    expect(logged).toMatchObject({ method: 'DELETE', path: '/v25.0/me/permissions', status: 200 })
    // A retry after a lost answer meets the dead token: the removal already happened.
    expect((await graph<GraphErrorBody>('DELETE', 'me/permissions', signed(userToken))).body.error).toMatchObject({ error_subcode: 458 })
  })

  it('keeps the old tokens dead after the person connects again', async () => {
    const { app, person, userToken, pageToken, pageId, signed } = await world()
    await graph('DELETE', `${person.id}/permissions`, signed(userToken))
    const fresh = await sandbox.control.issueToken({ appId: app.id, personId: person.id, pageId })
    expect((await graph('GET', 'me', signed(fresh.accessToken))).status).toBe(200)
    expect((await graph<GraphErrorBody>('GET', 'me', signed(pageToken))).body.error).toMatchObject({ error_subcode: 458 })
  })

  it('takes back one permission, which then reads as declined, and the tokens stay valid', async () => {
    const { userToken, pageToken, pageId, signed } = await world()
    const revoked = await graph<Success>('DELETE', 'me/permissions/pages_manage_posts', signed(userToken))
    expect(revoked.body).toEqual({ success: true })
    const listed = await graph<Permissions>('GET', 'me/permissions', signed(userToken))
    expect(listed.body.data).toEqual([
      { permission: 'public_profile', status: 'granted' },
      { permission: 'pages_show_list', status: 'granted' },
      { permission: 'pages_read_engagement', status: 'granted' },
      { permission: 'pages_manage_posts', status: 'declined' },
    ])
    const post = await callMeta<GraphErrorBody>(sandbox.url, 'POST', `/v25.0/${pageId}/feed`, {
      form: { message: 'no longer allowed', ...signed(pageToken) },
    })
    expect(post.body.error).toMatchObject({ code: 200 })
    expect((await graph('GET', `${pageId}/feed`, signed(pageToken))).status).toBe(200)
    const byParam = await graph<Success>('DELETE', 'me/permissions', signed(userToken, { permission: 'pages_show_list' }))
    expect(byParam.body).toEqual({ success: true })
    expect((await graph<{ data: unknown[] }>('GET', 'me/accounts', signed(userToken))).body.data).toEqual([])
  })

  it('refuses unknown permissions and public_profile alone', async () => {
    const { userToken, signed } = await world()
    for (const permission of ['publish_everything', 'public_profile']) {
      const refused = await graph<GraphErrorBody>('DELETE', `me/permissions/${permission}`, signed(userToken))
      expect(refused.body.error, permission).toMatchObject({ code: 100 })
    }
    expect((await graph<Success>('DELETE', 'me/permissions/email', signed(userToken))).body).toEqual({ success: true })
  })

  it('needs the appsecret_proof like every user-token call', async () => {
    const { userToken } = await world()
    const unsigned = await graph<GraphErrorBody>('DELETE', 'me/permissions', { access_token: userToken })
    expect(unsigned.body.error).toMatchObject({ code: 100, message: 'API calls from the server require an appsecret_proof argument' })
  })

  it('is a user edge: a Page token fails, and a user token only reaches its own person', async () => {
    const { app, person, pageToken, signed } = await world()
    const asPage = await graph<GraphErrorBody>('DELETE', 'me/permissions', signed(pageToken))
    expect(asPage.body.error).toMatchObject({
      code: 100,
      message: '(#100) Tried accessing nonexisting field (permissions) on node type (Page)',
    })
    const other = await sandbox.control.createPerson({ name: 'Other' })
    const otherToken = await sandbox.control.issueToken({ appId: app.id, personId: other.id })
    const foreign = await graph<GraphErrorBody>('DELETE', `${person.id}/permissions`, signed(otherToken.accessToken))
    expect(foreign.body.error).toMatchObject({ code: 100, error_subcode: 33 })
  })

  it('lets the app token revoke for a person who authorized the app, not for me', async () => {
    const { app, person, userToken, signed } = await world()
    const appToken = `${app.id}|${app.secret}`
    expect((await graph<GraphErrorBody>('DELETE', 'me/permissions', { access_token: appToken })).body.error).toMatchObject({ code: 2500 })
    expect((await graph<Success>('DELETE', `${person.id}/permissions/email`, { access_token: appToken })).body).toEqual({ success: true })
    expect((await graph<Success>('DELETE', `${person.id}/permissions`, { access_token: appToken })).body).toEqual({ success: true })
    expect((await graph<GraphErrorBody>('GET', 'me', signed(userToken))).body.error).toMatchObject({ error_subcode: 458 })
    expect((await graph<Permissions>('DELETE', `${person.id}/permissions`, { access_token: appToken })).body.error).toMatchObject({
      code: 100,
      error_subcode: 33,
    })
  })
})
