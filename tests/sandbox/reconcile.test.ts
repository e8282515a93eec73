import { describe, expect, it } from 'vitest'
import { callMeta, facebookWorld, threadsWorld, useSandbox, type GraphErrorBody } from './helpers.ts'

// What a publisher reads to settle a publish whose answer was lost: did the post go out?

type Listed = { data: Record<string, string>[]; paging?: { next?: string } } & Partial<GraphErrorBody>

describe('reconciling a lost publish on Threads', () => {
  const sandbox = useSandbox()

  async function post(token: string, text: string) {
    const container = await callMeta<{ id: string }>(sandbox.url, 'POST', '/v1.0/me/threads', {
      form: { media_type: 'TEXT', text, access_token: token },
    })
    const published = await callMeta<{ id: string }>(sandbox.url, 'POST', '/v1.0/me/threads_publish', {
      query: { creation_id: container.body.id, access_token: token },
    })
    await sandbox.control.advanceClock({ seconds: 1 })
    return { containerId: container.body.id, mediaId: published.body.id }
  }

  it('lists the profile’s posts newest first with text, timestamp and permalink, in pages', async () => {
    const { token } = await threadsWorld(sandbox.control)
    for (const text of ['one', 'two', 'three']) await post(token, text)
    const first = await callMeta<Listed>(sandbox.url, 'GET', '/v1.0/me/threads', {
      query: { fields: 'id,permalink,text,timestamp', limit: 2, access_token: token },
    })
    expect(first.body.data.map((item) => item.text)).toEqual(['three', 'two'])
    expect(first.body.data[0]).toEqual({
      id: expect.stringMatching(/^\d+$/),
      permalink: expect.stringContaining('/view/threads/@ana/post/'),
      text: 'three',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/),
    })
    const second = await callMeta<Listed>(sandbox.url, 'GET', first.body.paging?.next ?? '')
    expect(second.body.data.map((item) => item.text)).toEqual(['one'])
    expect(second.body.paging?.next).toBeUndefined()
    const since = Math.floor(Date.parse(String(first.body.data[1]?.timestamp).replace('+0000', 'Z')) / 1000)
    const recent = await callMeta<Listed>(sandbox.url, 'GET', '/v1.0/me/threads', { query: { fields: 'text', since, access_token: token } })
    expect(recent.body.data.map((item) => item.text)).toEqual(['three', 'two'])
  })

  it('reports a published container as PUBLISHED, and refuses to publish it again', async () => {
    const { token } = await threadsWorld(sandbox.control)
    const { containerId, mediaId } = await post(token, 'went out')
    const status = await callMeta(sandbox.url, 'GET', `/v1.0/${containerId}`, { query: { fields: 'status', access_token: token } })
    expect(status.body).toEqual({ status: 'PUBLISHED', id: containerId })
    const again = await callMeta<GraphErrorBody>(sandbox.url, 'POST', '/v1.0/me/threads_publish', {
      query: { creation_id: containerId, access_token: token },
    })
    expect(again.body.error).toMatchObject({ code: 100, message: `(#100) The media container ${containerId} has already been published` })
    await sandbox.control.advanceClock({ hours: 25 })
    expect((await callMeta(sandbox.url, 'GET', `/v1.0/${containerId}`, { query: { access_token: token } })).body).toEqual({
      id: containerId,
      status: 'PUBLISHED',
    })
    const onPost = await callMeta<GraphErrorBody>(sandbox.url, 'GET', `/v1.0/${mediaId}`, {
      query: { fields: 'status', access_token: token },
    })
    expect(onPost.body.error).toMatchObject({ code: 100, message: 'Tried accessing nonexisting field (status)' })
  })
})

describe('reconciling a lost publish on a Facebook Page', () => {
  const sandbox = useSandbox()

  it('lists the feed newest first since a time, photo posts with their caption as message', async () => {
    const { pageId, pageToken } = await facebookWorld(sandbox.control)
    // Each write is checked: an empty list must mean a wrong window, never a post that failed.
    const before = await callMeta(sandbox.url, 'POST', `/v25.0/${pageId}/feed`, { form: { message: 'before', access_token: pageToken } })
    expect(before.status, JSON.stringify(before.body)).toBe(200)
    await sandbox.control.advanceClock({ minutes: 5 })
    const since = Math.floor((await sandbox.control.clock()).nowMs / 1000)
    const after = await callMeta(sandbox.url, 'POST', `/v25.0/${pageId}/feed`, {
      form: { message: 'status after', access_token: pageToken },
    })
    expect(after.status, JSON.stringify(after.body)).toBe(200)
    await sandbox.control.advanceClock({ seconds: 1 })
    const photo = await callMeta<{ post_id: string }>(sandbox.url, 'POST', `/v25.0/${pageId}/photos`, {
      form: { url: sandbox.control.sampleMediaUrl('sample.png'), caption: 'photo after', access_token: pageToken },
    })
    expect(photo.status, JSON.stringify(photo.body)).toBe(200)
    const feed = await callMeta<Listed>(sandbox.url, 'GET', `/v25.0/${pageId}/feed`, {
      query: { fields: 'id,message,created_time,permalink_url', since, access_token: pageToken },
    })
    expect(feed.body.data, `since ${since}: ${JSON.stringify(feed.body)}`).toEqual([
      {
        id: photo.body.post_id,
        message: 'photo after',
        created_time: expect.stringMatching(/\+0000$/),
        permalink_url: expect.stringContaining(`/view/facebook/${pageId}/posts/`),
      },
      expect.objectContaining({ message: 'status after' }),
    ])
    const iso = new Date(since * 1000).toISOString()
    const byDate = await callMeta<Listed>(sandbox.url, 'GET', `/v25.0/${pageId}/feed`, {
      query: { since: iso, until: iso, access_token: pageToken },
    })
    expect(byDate.body.data.map((item) => item.message)).toEqual(['status after'])
    const bad = await callMeta<GraphErrorBody>(sandbox.url, 'GET', `/v25.0/${pageId}/feed`, {
      query: { since: 'yesterday-ish', access_token: pageToken },
    })
    expect(bad.body.error).toMatchObject({ code: 100 })
  })
})
