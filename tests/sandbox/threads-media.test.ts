import { describe, expect, it } from 'vitest'
import { callMeta, threadsWorld, useSandbox, type GraphErrorBody } from './helpers.ts'

describe('Threads profile, media and tokens', () => {
  const sandbox = useSandbox()

  async function post(token: string, text: string): Promise<string> {
    const created = await callMeta<{ id: string }>(sandbox.url, 'POST', '/v1.0/me/threads', {
      form: { media_type: 'TEXT', text, auto_publish_text: 'true', access_token: token },
    })
    return created.body.id
  }

  function get<T = Record<string, unknown>>(path: string, query: Record<string, string>) {
    return callMeta<T>(sandbox.url, 'GET', path, { query })
  }

  it('answers /me with the requested fields, id alone by default', async () => {
    const { token, profileId } = await threadsWorld(sandbox.control)
    expect((await get('/v1.0/me', { access_token: token })).body).toEqual({ id: profileId })
    const full = await get('/v1.0/me', {
      fields: 'id,username,name,threads_profile_picture_url,threads_biography,is_verified',
      access_token: token,
    })
    expect(full.body).toEqual({
      id: profileId,
      username: 'ana',
      name: 'Ana Silva',
      threads_profile_picture_url: expect.any(String),
      threads_biography: '',
      is_verified: false,
    })
    expect((await get(`/v1.0/${profileId}`, { fields: 'username', access_token: token })).body).toEqual({ username: 'ana', id: profileId })
  })

  it('refuses unknown fields the way Threads words it', async () => {
    const { token } = await threadsWorld(sandbox.control)
    const response = await get<GraphErrorBody>('/v1.0/me', { fields: 'id,followers', access_token: token })
    expect(response.status).toBe(400)
    expect(response.body.error).toMatchObject({
      message: 'Tried accessing nonexisting field (followers)',
      type: 'THApiException',
      code: 100,
    })
  })

  it('answers a published post with its fields and a permalink to the sandbox view', async () => {
    const { token, profileId } = await threadsWorld(sandbox.control)
    const id = await post(token, 'Look at this')
    const media = await get<Record<string, string>>(`/v1.0/${id}`, {
      fields: 'id,permalink,text,timestamp,media_type,owner,username,shortcode',
      access_token: token,
    })
    expect(media.body).toMatchObject({ id, text: 'Look at this', media_type: 'TEXT_POST', owner: { id: profileId }, username: 'ana' })
    expect(media.body.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/)
    expect(media.body.permalink).toBe(`${sandbox.url}/view/threads/@ana/post/${media.body.shortcode}`)
    const view = await callMeta<string>(sandbox.url, 'GET', new URL(media.body.permalink ?? '').pathname)
    expect(view.body).toContain('Look at this')
  })

  it('has no status field on a published post', async () => {
    const { token } = await threadsWorld(sandbox.control)
    const id = await post(token, 'published')
    const response = await get<GraphErrorBody>(`/v1.0/${id}`, { fields: 'status', access_token: token })
    expect(response.body.error).toMatchObject({ message: 'Tried accessing nonexisting field (status)', type: 'THApiException', code: 100 })
  })

  it('lists the profile’s posts newest first with cursor paging', async () => {
    const { token } = await threadsWorld(sandbox.control)
    const ids: string[] = []
    for (let i = 0; i < 5; i += 1) {
      ids.unshift(await post(token, `post ${i}`))
      await sandbox.control.advanceClock({ seconds: 1 })
    }
    const first = await get<{ data: { id: string; text: string }[]; paging: { next?: string; cursors: { after: string } } }>(
      '/v1.0/me/threads',
      {
        fields: 'id,text',
        limit: '2',
        access_token: token,
      },
    )
    expect(first.body.data.map((m) => m.id)).toEqual(ids.slice(0, 2))
    const next = await callMeta<{ data: { id: string }[] }>(sandbox.url, 'GET', first.body.paging.next ?? '')
    expect(next.body.data.map((m) => m.id)).toEqual(ids.slice(2, 4))
  })

  it('deletes a post with threads_delete, counting deletions against their quota', async () => {
    const { token, app, person } = await threadsWorld(sandbox.control)
    const id = await post(token, 'to delete')
    expect((await callMeta(sandbox.url, 'DELETE', `/v1.0/${id}`, { query: { access_token: token } })).body).toEqual({
      success: true,
      deleted_id: id,
    })
    expect((await get<GraphErrorBody>(`/v1.0/${id}`, { access_token: token })).body.error).toMatchObject({ code: 100, error_subcode: 33 })
    const again = await callMeta<GraphErrorBody>(sandbox.url, 'DELETE', `/v1.0/${id}`, { query: { access_token: token } })
    expect(again.body.error).toMatchObject({ code: 100, error_subcode: 33 })
    const limit = await get('/v1.0/me/threads_publishing_limit', { fields: 'delete_quota_usage,delete_config', access_token: token })
    expect(limit.body).toEqual({ data: [{ delete_quota_usage: 1, delete_config: { quota_total: 100, quota_duration: 86400 } }] })
    const other = await post(token, 'kept')
    const noDelete = await sandbox.control.issueToken({
      appId: app.id,
      personId: person.id,
      scopes: ['threads_basic', 'threads_content_publish'],
    })
    expect(
      (await callMeta<GraphErrorBody>(sandbox.url, 'DELETE', `/v1.0/${other}`, { query: { access_token: noDelete.accessToken } })).body
        .error.code,
    ).toBe(10)
  })

  it('looks up public profiles and their posts with threads_profile_discovery', async () => {
    const { token } = await threadsWorld(sandbox.control)
    const star = await sandbox.control.createPerson({ name: 'Star', threads: { username: 'star', isVerified: true } })
    const starToken = await sandbox.control.issueToken({ appId: (await sandbox.control.apps())[0]?.id ?? '', personId: star.id })
    await post(starToken.accessToken, 'public words')
    const profile = await get('/v1.0/profile_lookup', { username: 'star', access_token: token })
    expect(profile.body).toMatchObject({ username: 'star', name: 'Star', is_verified: true, follower_count: 0 })
    const posts = await get<{ data: { text: string }[] }>('/v1.0/profile_posts', { username: 'star', fields: 'text', access_token: token })
    expect(posts.body.data.map((m) => m.text)).toEqual(['public words'])
    expect((await get('/v1.0/profile_lookup', { username: 'nobody', access_token: token })).status).toBe(400)
  })

  it('serves unversioned paths and Authorization: Bearer tokens, as graph.threads.net does', async () => {
    const { token, profileId } = await threadsWorld(sandbox.control)
    expect((await get('/me', { access_token: token })).body).toEqual({ id: profileId })
    const bearer = await callMeta(sandbox.url, 'GET', '/v1.0/me', { headers: { authorization: `Bearer ${token}` } })
    expect(bearer.body).toEqual({ id: profileId })
  })

  it('describes tokens with debug_token', async () => {
    const { token, app, profileId } = await threadsWorld(sandbox.control)
    const debug = await get<{ data: Record<string, unknown> }>('/v1.0/debug_token', {
      input_token: token,
      access_token: `TH|${app.id}|${app.secret}`,
    })
    expect(debug.body.data).toMatchObject({ app_id: app.id, type: 'USER', application: 'Duopost', is_valid: true, user_id: profileId })
    expect(debug.body.data.scopes).toContain('threads_basic')
    const garbage = await get<{ data: Record<string, unknown> }>('/debug_token', { input_token: 'THnope', access_token: token })
    expect(garbage.body.data).toMatchObject({ is_valid: false, error: { code: 190 } })
  })

  it('answers 190 with Meta’s subcodes once a token is invalidated', async () => {
    const { token, app, person } = await threadsWorld(sandbox.control)
    const me = (access_token: string) => get<GraphErrorBody>('/v1.0/me', { access_token })
    expect((await me('THSANDBOXnotatoken')).body.error).toMatchObject({
      code: 190,
      message: 'Invalid OAuth access token - Cannot parse access token',
    })
    expect((await callMeta<GraphErrorBody>(sandbox.url, 'GET', '/v1.0/me')).body.error).toMatchObject({ code: 104 })
    await sandbox.control.invalidate({ reason: 'password_changed', personId: person.id })
    expect((await me(token)).body.error).toMatchObject({ code: 190, error_subcode: 460 })
    const fresh = await sandbox.control.issueToken({ appId: app.id, personId: person.id })
    expect((await me(fresh.accessToken)).status).toBe(200)
    await sandbox.control.invalidate({ reason: 'invalid', token: fresh.accessToken })
    expect((await me(fresh.accessToken)).body.error).toMatchObject({ code: 190, error_subcode: 467 })
    const third = await sandbox.control.issueToken({ appId: app.id, personId: person.id })
    await sandbox.control.invalidate({ reason: 'app_removed', personId: person.id, appId: app.id })
    expect((await me(third.accessToken)).body.error).toMatchObject({ code: 190, error_subcode: 458 })
  })
})
