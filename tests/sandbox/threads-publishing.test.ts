import { describe, expect, it } from 'vitest'
import { callMeta, threadsWorld, useSandbox, type GraphErrorBody } from './helpers.ts'

type Created = { id: string } & Partial<GraphErrorBody>
type Status = { id: string; status: string; error_message?: string }

describe('Threads publishing', () => {
  const sandbox = useSandbox()

  function create(token: string, params: Record<string, string>, user = 'me') {
    return callMeta<Created>(sandbox.url, 'POST', `/v1.0/${user}/threads`, { form: { access_token: token, ...params } })
  }

  function status(token: string, id: string) {
    return callMeta<Status>(sandbox.url, 'GET', `/v1.0/${id}`, { query: { fields: 'status,error_message', access_token: token } })
  }

  function publish(token: string, creationId: string, user = 'me') {
    return callMeta<Created>(sandbox.url, 'POST', `/v1.0/${user}/threads_publish`, {
      query: { creation_id: creationId, access_token: token },
    })
  }

  const image = () => sandbox.control.sampleMediaUrl('sample.png')
  const video = () => sandbox.control.sampleMediaUrl('sample.mp4')

  it('creates a TEXT container that is FINISHED at once and publishes it', async () => {
    const { token, profileId } = await threadsWorld(sandbox.control)
    const container = await create(token, { media_type: 'TEXT', text: 'Hello from Duopost' }, profileId)
    expect(container.status).toBe(200)
    expect((await status(token, container.body.id)).body).toEqual({ id: container.body.id, status: 'FINISHED' })
    const published = await publish(token, container.body.id, profileId)
    expect(published.body.id).toMatch(/^1[78]\d{15}$/)
    expect((await status(token, container.body.id)).body.status).toBe('PUBLISHED')
    const [post] = await sandbox.control.posts({ platform: 'threads' })
    expect(post).toMatchObject({
      id: published.body.id,
      text: 'Hello from Duopost',
      mediaType: 'TEXT_POST',
      params: { media_type: 'TEXT' },
    })
  })

  it('keeps an IMAGE IN_PROGRESS for a while; publishing early fails with 24/4279009', async () => {
    const { token } = await threadsWorld(sandbox.control)
    const container = await create(token, { media_type: 'IMAGE', image_url: image(), text: 'A picture' })
    expect((await status(token, container.body.id)).body.status).toBe('IN_PROGRESS')
    const early = await publish(token, container.body.id)
    expect(early.status).toBe(400)
    expect(early.body.error).toMatchObject({
      code: 24,
      error_subcode: 4279009,
      type: 'OAuthException',
      is_transient: false,
      message: 'The requested resource does not exist',
      error_user_title: 'Media Not Found',
    })
    await sandbox.control.advanceClock({ seconds: 5 })
    expect((await status(token, container.body.id)).body.status).toBe('FINISHED')
    expect((await publish(token, container.body.id)).status).toBe(200)
    expect((await publish(token, container.body.id)).status).toBe(400)
  })

  it('follows the configured processing delays', async () => {
    const { token } = await threadsWorld(sandbox.control)
    await sandbox.control.configure({ processingMs: { TEXT: 2000 } })
    const container = await create(token, { media_type: 'TEXT', text: 'slow text' })
    expect((await status(token, container.body.id)).body.status).toBe('IN_PROGRESS')
    await sandbox.control.advanceClock({ seconds: 2 })
    expect((await status(token, container.body.id)).body.status).toBe('FINISHED')
  })

  it('expires an unpublished container after 24 hours', async () => {
    const { token } = await threadsWorld(sandbox.control)
    const container = await create(token, { media_type: 'TEXT', text: 'forgotten' })
    await sandbox.control.advanceClock({ hours: 24 })
    expect((await status(token, container.body.id)).body.status).toBe('EXPIRED')
    expect((await publish(token, container.body.id)).body.error?.error_subcode).toBe(4279009)
  })

  it('refuses an image it cannot fetch when the container is created', async () => {
    const { token } = await threadsWorld(sandbox.control)
    const missing = await create(token, { media_type: 'IMAGE', image_url: `${sandbox.url}/__sandbox/media/missing.png` })
    expect(missing.status).toBe(400)
    expect(missing.body.error).toMatchObject({ code: 100, type: 'THApiException' })
    expect(missing.body.error?.message).toContain('The media could not be fetched from this URI')
    await sandbox.control.addMediaRule({ match: 'cdn.example/broken', fetch: 'fail' })
    expect((await create(token, { media_type: 'IMAGE', image_url: 'https://cdn.example/broken.jpg' })).status).toBe(400)
    expect((await create(token, { media_type: 'IMAGE', image_url: 'ftp://cdn.example/a.jpg' })).status).toBe(400)
  })

  it('ends in ERROR with Meta’s error_message for bad media', async () => {
    const { token } = await threadsWorld(sandbox.control)
    await sandbox.control.addMediaRule({ match: 'cdn.example/wide.jpg', fetch: 'ok', errorMessage: 'INVALID_ASPEC_RATIO' })
    const wide = await create(token, { media_type: 'IMAGE', image_url: 'https://cdn.example/wide.jpg' })
    await sandbox.control.addMediaRule({ match: 'cdn.example/gone.mp4', fetch: 'fail' })
    const gone = await create(token, { media_type: 'VIDEO', video_url: 'https://cdn.example/gone.mp4' })
    expect(gone.status).toBe(200)
    await sandbox.control.advanceClock({ seconds: 30 })
    expect((await status(token, wide.body.id)).body).toEqual({ id: wide.body.id, status: 'ERROR', error_message: 'INVALID_ASPEC_RATIO' })
    expect((await status(token, gone.body.id)).body.error_message).toBe('FAILED_DOWNLOADING_VIDEO')
    expect((await publish(token, wide.body.id)).body.error?.code).toBe(24)
  })

  it('counts 500 characters as Meta does: an emoji counts as its UTF-8 bytes', async () => {
    const { token } = await threadsWorld(sandbox.control)
    expect((await create(token, { media_type: 'TEXT', text: 'a'.repeat(500) })).status).toBe(200)
    const tooLong = await create(token, { media_type: 'TEXT', text: 'a'.repeat(501) })
    expect(tooLong.status).toBe(400)
    expect(tooLong.body.error?.message).toBe('Param text must be at most 500 characters long.')
    expect((await create(token, { media_type: 'TEXT', text: '👍'.repeat(125) })).status).toBe(200)
    expect((await create(token, { media_type: 'TEXT', text: '👍'.repeat(126) })).status).toBe(400)
    expect((await create(token, { media_type: 'TEXT', text: 'é'.repeat(500) })).status).toBe(200)
  })

  it('allows at most 5 unique links, the link attachment included', async () => {
    const { token } = await threadsWorld(sandbox.control)
    const links = (n: number) => Array.from({ length: n }, (_, i) => `https://site${i}.example/page`).join(' ')
    expect((await create(token, { media_type: 'TEXT', text: `${links(5)} https://site0.example/page` })).status).toBe(200)
    const six = await create(token, { media_type: 'TEXT', text: links(6) })
    expect(six.status).toBe(400)
    expect(six.body.error?.message).toContain('THREADS_API__LINK_LIMIT_EXCEEDED')
    const withAttachment = await create(token, { media_type: 'TEXT', text: links(5), link_attachment: 'https://other.example/' })
    expect(withAttachment.body.error?.message).toContain('THREADS_API__LINK_LIMIT_EXCEEDED')
  })

  it('validates the other parameters as documented', async () => {
    const { token } = await threadsWorld(sandbox.control)
    const refused: Record<string, string>[] = [
      { media_type: 'STORY', text: 'x' },
      { media_type: 'TEXT' },
      { media_type: 'IMAGE' },
      { media_type: 'TEXT', text: 'x', alt_text: 'alt on text' },
      { media_type: 'IMAGE', image_url: image(), link_attachment: 'https://a.example/' },
      { media_type: 'TEXT', text: 'x', topic_tag: 'a.b' },
      { media_type: 'TEXT', text: 'x', reply_control: 'nobody' },
      { media_type: 'IMAGE', image_url: image(), auto_publish_text: 'true' },
      { media_type: 'TEXT', text: 'x', is_carousel_item: 'true' },
      { media_type: 'TEXT', text: 'x', quote_post_id: '17000000000000000' },
    ]
    for (const params of refused) {
      const response = await create(token, params)
      expect(response.status, JSON.stringify(params)).toBe(400)
      expect(response.body.error?.code, JSON.stringify(params)).toBe(100)
    }
    expect((await create(token, { media_type: 'TEXT', link_attachment: 'https://a.example/' })).status).toBe(200)
    expect((await create(token, { media_type: 'TEXT', text: 'x', topic_tag: 'Duopost', reply_control: 'followers_only' })).status).toBe(200)
  })

  it('builds carousels of 2 to 20 items, ready when every item is', async () => {
    const { token } = await threadsWorld(sandbox.control)
    const item = async (type: 'IMAGE' | 'VIDEO') =>
      (
        await create(token, {
          media_type: type,
          is_carousel_item: 'true',
          [type === 'IMAGE' ? 'image_url' : 'video_url']: type === 'IMAGE' ? image() : video(),
        })
      ).body.id
    const one = await item('IMAGE')
    const tooFew = await create(token, { media_type: 'CAROUSEL', children: one })
    expect(tooFew.body.error?.code).toBe(100)
    const many = Array.from({ length: 21 }, () => '17000000000000000').join(',')
    expect((await create(token, { media_type: 'CAROUSEL', children: many })).body.error?.message).toContain('2 to 20')
    const two = await item('VIDEO')
    const carousel = await create(token, { media_type: 'CAROUSEL', children: `${one},${two}`, text: 'Two things' })
    expect(carousel.status).toBe(200)
    expect((await create(token, { media_type: 'CAROUSEL', children: `${one},${two}` })).status).toBe(400)
    await sandbox.control.advanceClock({ seconds: 10 })
    expect((await status(token, carousel.body.id)).body.status).toBe('IN_PROGRESS')
    await sandbox.control.advanceClock({ seconds: 20 })
    expect((await status(token, carousel.body.id)).body.status).toBe('FINISHED')
    expect((await publish(token, one)).status).toBe(400)
    const published = await publish(token, carousel.body.id)
    const details = await callMeta(sandbox.url, 'GET', `/v1.0/${published.body.id}`, {
      query: { fields: 'media_type,children,text', access_token: token },
    })
    expect(details.body).toMatchObject({
      media_type: 'CAROUSEL_ALBUM',
      text: 'Two things',
      children: { data: [{ id: expect.any(String) }, { id: expect.any(String) }] },
    })
  })

  it('publishes TEXT at once with auto_publish_text and answers the post id', async () => {
    const { token } = await threadsWorld(sandbox.control)
    const created = await create(token, { media_type: 'TEXT', text: 'straight out', auto_publish_text: 'true' })
    const post = await callMeta(sandbox.url, 'GET', `/v1.0/${created.body.id}`, {
      query: { fields: 'id,text,permalink', access_token: token },
    })
    expect(post.body).toMatchObject({ id: created.body.id, text: 'straight out' })
  })

  it('enforces 250 posts per rolling 24 hours and reports them in threads_publishing_limit', async () => {
    const { token } = await threadsWorld(sandbox.control)
    for (let i = 0; i < 250; i += 1) {
      const response = await create(token, { media_type: 'TEXT', text: `post ${i}`, auto_publish_text: 'true' })
      expect(response.status).toBe(200)
    }
    const waiting = await create(token, { media_type: 'TEXT', text: 'one too many' })
    const refused = await publish(token, waiting.body.id)
    expect(refused.status).toBe(400)
    expect(refused.body.error).toMatchObject({ code: 9, error_subcode: 2207042, type: 'THApiException' })
    const limit = await callMeta(sandbox.url, 'GET', '/v1.0/me/threads_publishing_limit', {
      query: { fields: 'quota_usage,config', access_token: token },
    })
    expect(limit.body).toEqual({ data: [{ quota_usage: 250, config: { quota_total: 250, quota_duration: 86400 } }] })
    await sandbox.control.advanceClock({ hours: 24 })
    expect((await create(token, { media_type: 'TEXT', text: 'a new day', auto_publish_text: 'true' })).status).toBe(200)
  })

  it('needs threads_content_publish, and only publishes for the token’s own profile', async () => {
    const { token, app, person } = await threadsWorld(sandbox.control)
    const other = await sandbox.control.createPerson({ name: 'Other', threads: true })
    const wrongUser = await create(token, { media_type: 'TEXT', text: 'x' }, other.threads?.id)
    expect(wrongUser.body.error).toMatchObject({ code: 100, error_subcode: 33 })
    const readOnly = await sandbox.control.issueToken({ appId: app.id, personId: person.id, scopes: ['threads_basic'] })
    const denied = await create(readOnly.accessToken, { media_type: 'TEXT', text: 'x' })
    expect(denied.body.error).toMatchObject({ code: 10 })
    const limit = await callMeta<GraphErrorBody>(sandbox.url, 'GET', '/v1.0/me/threads_publishing_limit', {
      query: { access_token: readOnly.accessToken },
    })
    expect(limit.body.error.code).toBe(10)
  })

  it('needs threads_manage_replies to reply, and counts replies apart', async () => {
    const { token, app, person } = await threadsWorld(sandbox.control)
    const root = await create(token, { media_type: 'TEXT', text: 'root', auto_publish_text: 'true' })
    const reply = await create(token, { media_type: 'TEXT', text: 'reply', reply_to_id: root.body.id, auto_publish_text: 'true' })
    expect(reply.status).toBe(200)
    const limit = await callMeta(sandbox.url, 'GET', '/v1.0/me/threads_publishing_limit', {
      query: { fields: 'quota_usage,reply_quota_usage', access_token: token },
    })
    expect(limit.body).toEqual({ data: [{ quota_usage: 1, reply_quota_usage: 1 }] })
    const noReplies = await sandbox.control.issueToken({
      appId: app.id,
      personId: person.id,
      scopes: ['threads_basic', 'threads_content_publish'],
    })
    expect((await create(noReplies.accessToken, { media_type: 'TEXT', text: 'r', reply_to_id: root.body.id })).body.error?.code).toBe(10)
  })
})
