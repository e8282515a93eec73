import { describe, expect, it } from 'vitest'
import { callMeta, facebookWorld, useSandbox, type GraphErrorBody } from './helpers.ts'

type Created = { id: string; post_id?: string } & Partial<GraphErrorBody>

describe('Facebook Page publishing', () => {
  const sandbox = useSandbox()

  function feedPost(pageId: string, token: string, form: Record<string, string>) {
    return callMeta<Created>(sandbox.url, 'POST', `/v25.0/${pageId}/feed`, { form: { access_token: token, ...form } })
  }

  function feed(pageId: string, token: string, query: Record<string, string> = {}) {
    return callMeta<{ data: Record<string, unknown>[] }>(sandbox.url, 'GET', `/v25.0/${pageId}/feed`, {
      query: { access_token: token, ...query },
    })
  }

  it('posts to the feed with the Page token and answers a {page-id}_{post-id} id', async () => {
    const { pageId, pageToken } = await facebookWorld(sandbox.control)
    const created = await feedPost(pageId, pageToken, { message: 'Hello Page', link: 'https://duopost.example/' })
    expect(created.status).toBe(200)
    expect(created.body.id).toMatch(new RegExp(`^${pageId}_\\d{15}$`))
    const listed = await feed(pageId, pageToken)
    expect(listed.body.data).toEqual([{ created_time: expect.stringMatching(/\+0000$/), message: 'Hello Page', id: created.body.id }])
    const single = await callMeta<Record<string, unknown>>(sandbox.url, 'GET', `/v25.0/${created.body.id}`, {
      query: { fields: 'id,message,permalink_url,is_published,attachments', access_token: pageToken },
    })
    expect(single.body).toMatchObject({
      id: created.body.id,
      is_published: true,
      attachments: { data: [{ type: 'share', url: 'https://duopost.example/' }] },
    })
    const view = await callMeta<string>(sandbox.url, 'GET', new URL(String(single.body.permalink_url)).pathname)
    expect(view.body).toContain('Hello Page')
    const [logged] = await sandbox.control.posts({ platform: 'facebook', targetId: pageId })
    expect(logged).toMatchObject({
      id: created.body.id,
      message: 'Hello Page',
      published: true,
      params: { message: 'Hello Page', link: 'https://duopost.example/' },
    })
  })

  it('refuses a user token, and a Page token of another Page, as Meta does', async () => {
    const { pageId, userToken, person, app } = await facebookWorld(sandbox.control)
    const withUserToken = await feedPost(pageId, userToken, { message: 'as a user' })
    expect(withUserToken.status).toBe(400)
    expect(withUserToken.body.error).toMatchObject({ code: 200, type: 'OAuthException' })
    expect(withUserToken.body.error?.message).toContain('pages_manage_posts')
    const otherPage = person.pages[1]?.id ?? ''
    const otherToken = await sandbox.control.issueToken({ appId: app.id, personId: person.id, pageId: otherPage })
    expect((await feedPost(pageId, otherToken.accessToken, { message: 'wrong page' })).body.error?.code).toBe(200)
    const stranger = await sandbox.control.createPerson({ name: 'Stranger', pages: 1 })
    expect((await feedPost(stranger.pages[0]?.id ?? '', otherToken.accessToken, { message: 'not mine' })).body.error?.code).toBe(200)
  })

  it('refuses a person whose Page role cannot create content', async () => {
    const { app } = await facebookWorld(sandbox.control)
    const analyst = await sandbox.control.createPerson({ name: 'Analyst', pages: [{ name: 'Watched Page', tasks: ['ANALYZE'] }] })
    const pageId = analyst.pages[0]?.id ?? ''
    const token = await sandbox.control.issueToken({ appId: app.id, personId: analyst.id, pageId })
    expect((await feedPost(pageId, token.accessToken, { message: 'x' })).body.error?.code).toBe(200)
  })

  it('refuses a Page token without pages_manage_posts', async () => {
    const { pageId, person, app } = await facebookWorld(sandbox.control)
    const readOnly = await sandbox.control.issueToken({
      appId: app.id,
      personId: person.id,
      pageId,
      scopes: ['pages_show_list', 'pages_read_engagement'],
    })
    expect((await feedPost(pageId, readOnly.accessToken, { message: 'x' })).body.error?.code).toBe(200)
  })

  it('refuses an identical consecutive status with 506', async () => {
    const { pageId, pageToken } = await facebookWorld(sandbox.control)
    expect((await feedPost(pageId, pageToken, { message: 'Same words' })).status).toBe(200)
    const duplicate = await feedPost(pageId, pageToken, { message: 'Same words' })
    expect(duplicate.body.error).toMatchObject({ code: 506, error_subcode: 1455006, error_user_title: 'Duplicate Status Update' })
    expect((await feedPost(pageId, pageToken, { message: 'Other words' })).status).toBe(200)
  })

  it('schedules 10 minutes to 30 days ahead with published=false, and shows the post when its time comes', async () => {
    const { pageId, pageToken } = await facebookWorld(sandbox.control)
    const now = Math.floor((await sandbox.control.clock()).nowMs / 1000)
    const refused: Record<string, string>[] = [
      { message: 'too soon', published: 'false', scheduled_publish_time: String(now + 5 * 60) },
      { message: 'too late', published: 'false', scheduled_publish_time: String(now + 31 * 86400) },
      { message: 'still published', scheduled_publish_time: String(now + 3600) },
      { message: 'not a time', published: 'false', scheduled_publish_time: 'soonish' },
    ]
    for (const form of refused) {
      const response = await feedPost(pageId, pageToken, form)
      expect(response.body.error?.code, JSON.stringify(form)).toBe(100)
    }
    const inAnHour = new Date((now + 3600) * 1000).toISOString()
    const scheduled = await feedPost(pageId, pageToken, { message: 'later', published: 'false', scheduled_publish_time: inAnHour })
    expect(scheduled.status).toBe(200)
    expect((await feed(pageId, pageToken)).body.data).toEqual([])
    const upcoming = await callMeta<{ data: { id: string }[] }>(sandbox.url, 'GET', `/v25.0/${pageId}/scheduled_posts`, {
      query: { access_token: pageToken },
    })
    expect(upcoming.body.data.map((p) => p.id)).toEqual([scheduled.body.id])
    await sandbox.control.advanceClock({ minutes: 61 })
    expect((await feed(pageId, pageToken)).body.data.map((p) => p.message)).toEqual(['later'])
  })

  it('publishes photos by url and by multipart upload, with a feed post', async () => {
    const { pageId, pageToken } = await facebookWorld(sandbox.control)
    const byUrl = await callMeta<Created>(sandbox.url, 'POST', `/v25.0/${pageId}/photos`, {
      form: { url: sandbox.control.sampleMediaUrl('sample.png'), caption: 'By URL', access_token: pageToken },
    })
    expect(byUrl.body).toEqual({ id: expect.any(String), post_id: expect.stringMatching(new RegExp(`^${pageId}_`)) })
    const png = await (await fetch(sandbox.control.sampleMediaUrl('sample.png'))).arrayBuffer()
    const form = new FormData()
    form.set('access_token', pageToken)
    form.set('message', 'Uploaded')
    form.set('source', new Blob([png], { type: 'image/png' }), 'photo.png')
    const uploaded = await callMeta<Created>(sandbox.url, 'POST', `/v25.0/${pageId}/photos`, { body: form })
    expect(uploaded.status).toBe(200)
    const post = await callMeta<{ full_picture: string; message: string }>(sandbox.url, 'GET', `/v25.0/${uploaded.body.post_id}`, {
      query: { fields: 'full_picture,message', access_token: pageToken },
    })
    expect(post.body.message).toBe('Uploaded')
    const image = await fetch(post.body.full_picture)
    expect(image.headers.get('content-type')).toBe('image/png')
    const photo = await callMeta(sandbox.url, 'GET', `/v25.0/${uploaded.body.id}`, {
      query: { fields: 'name,page_story_id', access_token: pageToken },
    })
    expect(photo.body).toEqual({ name: 'Uploaded', page_story_id: uploaded.body.post_id, id: uploaded.body.id })
    expect((await feed(pageId, pageToken)).body.data.map((p) => p.message)).toEqual(['Uploaded', 'By URL'])
  })

  it('attaches unpublished photos to a feed post with attached_media', async () => {
    const { pageId, pageToken } = await facebookWorld(sandbox.control)
    const ids: string[] = []
    for (let i = 0; i < 2; i += 1) {
      const photo = await callMeta<Created>(sandbox.url, 'POST', `/v25.0/${pageId}/photos`, {
        form: { url: sandbox.control.sampleMediaUrl('sample.png'), published: 'false', access_token: pageToken },
      })
      expect(photo.body).toEqual({ id: expect.any(String) })
      ids.push(photo.body.id)
    }
    const post = await feedPost(pageId, pageToken, {
      message: 'Album',
      attached_media: JSON.stringify(ids.map((media_fbid) => ({ media_fbid }))),
    })
    expect(post.status).toBe(200)
    const [logged] = await sandbox.control.posts({ targetId: pageId })
    expect(logged?.platform === 'facebook' && logged.photoUrls).toHaveLength(2)
    expect((await feedPost(pageId, pageToken, { message: 'Again', attached_media: JSON.stringify([{ media_fbid: ids[0] }]) })).status).toBe(
      400,
    )
  })

  it('refuses photos it cannot fetch or that are not images', async () => {
    const { pageId, pageToken } = await facebookWorld(sandbox.control)
    const photo = (form: Record<string, string>) =>
      callMeta<Created>(sandbox.url, 'POST', `/v25.0/${pageId}/photos`, { form: { access_token: pageToken, ...form } })
    expect((await photo({})).body.error?.code).toBe(324)
    expect((await photo({ url: `${sandbox.url}/__sandbox/media/missing.png` })).body.error?.code).toBe(324)
    expect((await photo({ url: sandbox.control.sampleMediaUrl('sample.mp4') })).body.error?.code).toBe(324)
  })

  it('edits and deletes a post', async () => {
    const { pageId, pageToken } = await facebookWorld(sandbox.control)
    const created = await feedPost(pageId, pageToken, { message: 'Frist post' })
    expect(
      (await callMeta(sandbox.url, 'POST', `/v25.0/${created.body.id}`, { form: { message: 'First post', access_token: pageToken } })).body,
    ).toEqual({ success: true })
    expect((await feed(pageId, pageToken)).body.data[0]?.message).toBe('First post')
    expect((await callMeta(sandbox.url, 'DELETE', `/v25.0/${created.body.id}`, { query: { access_token: pageToken } })).body).toEqual({
      success: true,
    })
    const gone = await callMeta<GraphErrorBody>(sandbox.url, 'GET', `/v25.0/${created.body.id}`, { query: { access_token: pageToken } })
    expect(gone.body.error).toMatchObject({ code: 100, error_subcode: 33, type: 'GraphMethodException' })
    expect((await sandbox.control.posts({ platform: 'facebook' }))[0]?.deletedAt).not.toBeNull()
    // Deleted already, or edited after: Meta's "does not exist" (100/33), whatever the verb.
    const again = await callMeta<GraphErrorBody>(sandbox.url, 'DELETE', `/v25.0/${created.body.id}`, { query: { access_token: pageToken } })
    expect(again.body.error).toMatchObject({ code: 100, error_subcode: 33, message: expect.stringMatching(/^Unsupported delete request/) })
    const edit = await callMeta<GraphErrorBody>(sandbox.url, 'POST', `/v25.0/${created.body.id}`, {
      form: { message: 'Too late', access_token: pageToken },
    })
    expect(edit.body.error).toMatchObject({ code: 100, error_subcode: 33, message: expect.stringMatching(/^Unsupported post request/) })
  })

  it('refuses to edit or delete with a wrong token, or without pages_manage_posts', async () => {
    const { person, pageId, pageToken, app } = await facebookWorld(sandbox.control)
    const created = await feedPost(pageId, pageToken, { message: 'Kept' })
    const wrong = await callMeta<GraphErrorBody>(sandbox.url, 'DELETE', `/v25.0/${created.body.id}`, {
      query: { access_token: 'EAAnot-a-token' },
    })
    expect(wrong.body.error).toMatchObject({ code: 190 })
    const other = await sandbox.control.issueToken({ appId: app.id, personId: person.id, pageId: person.pages[1]!.id })
    const otherPage = await callMeta<GraphErrorBody>(sandbox.url, 'POST', `/v25.0/${created.body.id}`, {
      form: { message: 'Not yours', access_token: other.accessToken },
    })
    expect(otherPage.body.error?.code).toBeGreaterThan(0)
    const readOnly = await sandbox.control.issueToken({
      appId: app.id,
      personId: person.id,
      pageId,
      scopes: ['pages_show_list', 'pages_read_engagement'],
    })
    const refused = await callMeta<GraphErrorBody>(sandbox.url, 'DELETE', `/v25.0/${created.body.id}`, {
      query: { access_token: readOnly.accessToken },
    })
    expect(refused.body.error).toMatchObject({ code: 200 })
    expect((await sandbox.control.posts({ platform: 'facebook' }))[0]).toMatchObject({ message: 'Kept', deletedAt: null })
  })

  it('answers 190/492 once the person loses their role on the Page', async () => {
    const { pageId, pageToken, person } = await facebookWorld(sandbox.control)
    await sandbox.control.invalidate({ reason: 'page_role_lost', personId: person.id, pageId })
    const refused = await feedPost(pageId, pageToken, { message: 'after losing the role' })
    expect(refused.body.error).toMatchObject({ code: 190, error_subcode: 492 })
  })

  it('reads a Page with fields, and needs a token covering it to read its feed', async () => {
    const { pageId, userToken, app } = await facebookWorld(sandbox.control)
    const page = await callMeta(sandbox.url, 'GET', `/v25.0/${pageId}`, {
      query: { fields: 'name,access_token,tasks', access_token: userToken },
    })
    expect(page.body).toMatchObject({
      id: pageId,
      access_token: expect.stringMatching(/^EAASANDBOX/),
      tasks: expect.arrayContaining(['CREATE_CONTENT']),
    })
    expect((await feed(pageId, userToken)).status).toBe(200)
    const stranger = await sandbox.control.createPerson({ name: 'Stranger' })
    const strangerToken = await sandbox.control.issueToken({ appId: app.id, personId: stranger.id })
    expect(
      (await callMeta<GraphErrorBody>(sandbox.url, 'GET', `/v25.0/${pageId}/feed`, { query: { access_token: strangerToken.accessToken } }))
        .body.error.code,
    ).toBe(10)
    const bad = await callMeta<GraphErrorBody>(sandbox.url, 'GET', `/v25.0/${pageId}`, {
      query: { fields: 'likes_everything', access_token: userToken },
    })
    expect(bad.body.error.message).toBe('(#100) Tried accessing nonexisting field (likes_everything) on node type (Page)')
  })

  it('sends Meta’s usage headers: X-App-Usage for user tokens, X-Business-Use-Case-Usage for Page tokens', async () => {
    const { pageId, pageToken, userToken } = await facebookWorld(sandbox.control)
    const asUser = await callMeta(sandbox.url, 'GET', '/v25.0/me', { query: { access_token: userToken } })
    expect(JSON.parse(asUser.headers.get('x-app-usage') ?? '{}')).toEqual({
      call_count: expect.any(Number),
      total_cputime: expect.any(Number),
      total_time: expect.any(Number),
    })
    const asPage = await feed(pageId, pageToken)
    const buc = JSON.parse(asPage.headers.get('x-business-use-case-usage') ?? '{}') as Record<
      string,
      { type: string; estimated_time_to_regain_access: number }[]
    >
    expect(buc[pageId]?.[0]).toMatchObject({ type: 'pages', estimated_time_to_regain_access: 0 })
  })
})
