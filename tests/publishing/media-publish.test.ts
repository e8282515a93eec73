import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import express from 'express'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { prisma } from '#app/.server/db.ts'
import { reloadEnv } from '#app/.server/env.ts'
import { ingestUpload } from '#app/.server/media/ingest.ts'
import { serveMedia } from '#app/.server/media/serve-media.ts'
import { makeRetryDue, waitUntil } from '#tests/jobs/helpers.ts'
import { fixture, pngOfSize } from '#tests/media/fixtures.ts'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { useWorker } from '#tests/worker-harness.ts'
import type { FaultInput } from '../../sandbox/control-types.ts'
import { connectedUser as connectedUserAt, publish } from './helpers.ts'

// Media end to end against the sandbox over real HTTP: Duopost serves each item at APP_URL/media/<id>
// and the sandbox downloads it from there as Meta does (Threads), or receives the bytes (Facebook).
// Then every new write with a lost answer (issue 16): the post still appears exactly once, with
// exactly its media.

const meta = useMetaSandbox()
useWorker()
const CLIENT_TIMEOUT_MS = 1_000
const app = express()
app.get('/media/:id', serveMedia)
const server = app.listen(0, '127.0.0.1')
await new Promise((resolve) => server.once('listening', resolve))
const mediaHost = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
afterAll(() => new Promise((resolve) => server.close(resolve)))
const APP_URL = process.env.APP_URL

beforeEach(async () => {
  Object.assign(process.env, { META_TIMEOUT_MS: String(CLIENT_TIMEOUT_MS), APP_URL })
  reloadEnv()
  await meta.control.configure({ processingMs: { IMAGE: 0, VIDEO: 0, CAROUSEL: 0 } })
})

/**
 * A user connected through the sandbox (at the APP_URL its apps know), after which APP_URL is this
 * file's media server, so the media addresses Threads is given are really served.
 */
async function connectedUser(...args: Parameters<typeof connectedUserAt>) {
  const user = await connectedUserAt(...args)
  process.env.APP_URL = mediaHost
  reloadEnv()
  return user
}

type User = Awaited<ReturnType<typeof connectedUser>>

async function upload(user: User, name: 'photo.jpg' | 'photo.png' | 'clip.mp4') {
  const media = await ingestUpload({ userId: user.userId, fileName: name, body: Readable.from([fixture(name)]) })
  return media.id
}

async function settled(targetId: string) {
  return waitUntil(
    () => prisma.publishTarget.findUniqueOrThrow({ where: { id: targetId } }),
    (row) => ['published', 'failed'].includes(row.status),
  )
}

describe('publishing media', () => {
  it('Threads: two photos and a video become one carousel, each item fetched from APP_URL/media', async () => {
    const user = await connectedUser(meta)
    const media = [
      { mediaId: await upload(user, 'photo.jpg'), altText: 'A blue gradient' },
      { mediaId: await upload(user, 'photo.png') },
      { mediaId: await upload(user, 'clip.mp4'), altText: 'A test pattern' },
    ]
    const result = await publish(user.cookie, { platforms: ['THREADS'], content: { text: 'Three things' }, media })
    const target = await settled(result.post!.targets[0]!.id)
    expect(target.status).toBe('published')
    const [post] = await meta.control.posts({ platform: 'threads' })
    expect(post).toMatchObject({ mediaType: 'CAROUSEL_ALBUM', text: 'Three things', id: target.platformPostId })
    expect(post!.platform === 'threads' && post!.mediaUrls).toEqual(media.map((item) => `${process.env.APP_URL}/media/${item.mediaId}`))
  })

  it('Threads: one video is a VIDEO post with its alt text', async () => {
    const user = await connectedUser(meta)
    const mediaId = await upload(user, 'clip.mp4')
    const result = await publish(user.cookie, {
      platforms: ['THREADS'],
      content: { text: 'A clip' },
      media: [{ mediaId, altText: 'Bars' }],
    })
    expect((await settled(result.post!.targets[0]!.id)).status).toBe('published')
    const [post] = await meta.control.posts({ platform: 'threads' })
    expect(post).toMatchObject({ mediaType: 'VIDEO', params: { alt_text: 'Bars', media_type: 'VIDEO' } })
  })

  it('Facebook: two photos become one post on each Page, uploaded as bytes (unpublished, then attached)', async () => {
    const user = await connectedUser(meta, { threads: false, pages: 2 })
    const media = [{ mediaId: await upload(user, 'photo.jpg'), altText: 'Sky' }, { mediaId: await upload(user, 'photo.png') }]
    const result = await publish(user.cookie, {
      platforms: ['FACEBOOK'],
      content: { text: 'Two photos' },
      facebookPageIds: user.pageIds,
      media,
    })
    for (const target of result.post!.targets) expect((await settled(target.id)).status).toBe('published')
    const posts = await meta.control.posts({ platform: 'facebook' })
    expect(posts).toHaveLength(2)
    for (const post of posts) expect(post).toMatchObject({ message: 'Two photos', photoUrls: [expect.any(String), expect.any(String)] })
    const uploads = await meta.control.calls({ route: 'facebook.photos.create' })
    expect(uploads).toHaveLength(4)
    expect(uploads.every((call) => call.files[0]?.field === 'source' && call.body.published === 'false')).toBe(true)
    expect(uploads.some((call) => call.body.alt_text_custom === 'Sky')).toBe(true)
  })

  it('Facebook: one video goes through the Page videos endpoint and is recorded with its post', async () => {
    const user = await connectedUser(meta, { threads: false, pages: 1 })
    const mediaId = await upload(user, 'clip.mp4')
    const result = await publish(user.cookie, {
      platforms: ['FACEBOOK'],
      content: { text: 'Video' },
      facebookPageIds: user.pageIds,
      media: [{ mediaId }],
    })
    const target = await settled(result.post!.targets[0]!.id)
    const [post] = await meta.control.posts({ platform: 'facebook' })
    expect(target).toMatchObject({ status: 'published', platformPostId: post!.id, permalink: post!.permalink })
    expect(post).toMatchObject({ message: 'Video', videoUrl: expect.any(String) })
  })

  it('Facebook: a video over 16 MB goes up in resumable chunks, and a lost answer on finish is found on the Page', async () => {
    const user = await connectedUser(meta, { threads: false, pages: 1 })
    // clip.mp4 with a 17 MB "free" box after it: still a valid MP4, now large enough for chunks.
    const padding = Buffer.alloc(17 * 1024 * 1024)
    padding.writeUInt32BE(padding.length)
    padding.write('free', 4, 'latin1')
    const big = await ingestUpload({ userId: user.userId, fileName: 'big.mp4', body: Readable.from([fixture('clip.mp4'), padding]) })
    const chunks = Math.ceil(Number(big.sizeBytes) / (1024 * 1024))
    const fault = { route: 'facebook.videos.create' as const, skip: 1 + chunks, afterEffect: true, error: { code: 2 } }
    const target = await publishThroughLostAnswer(
      user,
      { platforms: ['FACEBOOK'], content: { text: 'Big video' }, facebookPageIds: user.pageIds, media: [{ mediaId: big.id }] },
      fault,
    )
    const posts = await meta.control.posts({ platform: 'facebook' })
    expect(posts).toHaveLength(1)
    expect(target).toMatchObject({ status: 'published', platformPostId: posts[0]!.id })
    const phases = (await meta.control.calls({ route: 'facebook.videos.create' })).map((call) => call.body.upload_phase)
    expect(phases).toEqual(['start', ...Array<string>(chunks).fill('transfer'), 'finish'])
  })

  it('refuses before any call to Meta, naming the item and the rule', async () => {
    const user = await connectedUser(meta, { pages: 1 })
    const big = await ingestUpload({ userId: user.userId, fileName: 'big.png', body: Readable.from([pngOfSize(5 * 1024 * 1024)]) })
    const video = await upload(user, 'clip.mp4')
    await meta.control.clearCalls()
    const result = await publish(user.cookie, {
      platforms: ['THREADS', 'FACEBOOK'],
      content: { text: 'Too much' },
      facebookPageIds: user.pageIds,
      media: [{ mediaId: big.id }, { mediaId: video }, { mediaId: 'not-mine-at-all' }],
    })
    expect(result.__typename).toBe('InvalidInputError')
    expect(result.issues).toEqual([
      { field: 'media.2', message: 'Item 3: no media item with the id not-mine-at-all is yours. Upload it again.' },
    ])
    const second = await publish(user.cookie, {
      platforms: ['THREADS', 'FACEBOOK'],
      content: { text: 'Too much' },
      facebookPageIds: user.pageIds,
      media: [{ mediaId: big.id }, { mediaId: video }],
    })
    expect(second.issues).toEqual([
      { field: 'media.0', message: 'Item 1 (big.png): Facebook takes images up to 4 MB; this one is 5 MB.' },
      {
        field: 'media',
        message: 'A Facebook Page post carries either photos or one video: remove the other items, or post the video on its own.',
      },
    ])
    expect(await meta.control.calls({ route: 'facebook.photos.create' })).toHaveLength(0)
    expect(await meta.control.calls({ route: 'threads.containers.create' })).toHaveLength(0)
  })
})

const LOST_ANSWERS: Record<string, Omit<FaultInput, 'route' | 'afterEffect'>> = {
  '500 after effect': { error: { code: 2 } },
  'timeout after effect': { delayMs: CLIENT_TIMEOUT_MS * 2 },
  'dropped connection after effect': { drop: true },
}

/** The first attempt loses an answer; the automatic retry settles it. */
async function publishThroughLostAnswer(user: User, input: Parameters<typeof publish>[1], fault: FaultInput) {
  await meta.control.injectFault(fault)
  const result = await publish(user.cookie, input)
  const targetId = result.post!.targets[0]!.id
  const first = await waitUntil(
    () => prisma.publishTarget.findUniqueOrThrow({ where: { id: targetId } }),
    (row) => row.status === 'published' || row.retryable,
  )
  if (first.status !== 'published') await makeRetryDue(targetId)
  return waitUntil(
    () => prisma.publishTarget.findUniqueOrThrow({ where: { id: targetId } }),
    (row) => row.status === 'published' || (row.status === 'failed' && !row.retryable),
  )
}

describe.each(Object.entries(LOST_ANSWERS))('a lost answer (%s) on a new media write', (_label, lost) => {
  it('a Threads carousel child: one carousel, with exactly its two items', async () => {
    const user = await connectedUser(meta)
    const media = [{ mediaId: await upload(user, 'photo.jpg') }, { mediaId: await upload(user, 'photo.png') }]
    const fault = { route: 'threads.containers.create' as const, skip: 1, afterEffect: true, ...lost }
    const target = await publishThroughLostAnswer(user, { platforms: ['THREADS'], content: { text: 'Carousel' }, media }, fault)
    const posts = await meta.control.posts({ platform: 'threads' })
    expect(posts).toHaveLength(1)
    expect(posts[0]).toMatchObject({ mediaType: 'CAROUSEL_ALBUM', id: target.platformPostId, permalink: target.permalink })
    expect(posts[0]!.platform === 'threads' && posts[0]!.mediaUrls).toHaveLength(2)
  })

  it('the Threads carousel container: one carousel, its children made anew', async () => {
    const user = await connectedUser(meta)
    const media = [{ mediaId: await upload(user, 'photo.jpg') }, { mediaId: await upload(user, 'photo.png') }]
    const fault = { route: 'threads.containers.create' as const, skip: 2, afterEffect: true, ...lost }
    const target = await publishThroughLostAnswer(user, { platforms: ['THREADS'], content: { text: 'Parent' }, media }, fault)
    const posts = await meta.control.posts({ platform: 'threads' })
    expect(posts).toHaveLength(1)
    expect(posts[0]).toMatchObject({ mediaType: 'CAROUSEL_ALBUM', id: target.platformPostId })
  })

  it('an unpublished Facebook photo: one post with exactly two photos', async () => {
    const user = await connectedUser(meta, { threads: false, pages: 1 })
    const media = [{ mediaId: await upload(user, 'photo.jpg') }, { mediaId: await upload(user, 'photo.png') }]
    const fault = { route: 'facebook.photos.create' as const, skip: 1, afterEffect: true, ...lost }
    const target = await publishThroughLostAnswer(
      user,
      { platforms: ['FACEBOOK'], content: { text: 'Album' }, facebookPageIds: user.pageIds, media },
      fault,
    )
    const posts = await meta.control.posts({ platform: 'facebook' })
    expect(posts).toHaveLength(1)
    expect(posts[0]).toMatchObject({
      id: target.platformPostId,
      permalink: target.permalink,
      photoUrls: [expect.any(String), expect.any(String)],
    })
  })

  it('the Facebook multi-photo post itself: one post, found on the Page, not sent again', async () => {
    const user = await connectedUser(meta, { threads: false, pages: 1 })
    const media = [{ mediaId: await upload(user, 'photo.jpg') }, { mediaId: await upload(user, 'photo.png') }]
    const fault = { route: 'facebook.feed.create' as const, afterEffect: true, ...lost }
    const target = await publishThroughLostAnswer(
      user,
      { platforms: ['FACEBOOK'], content: { text: 'Attached' }, facebookPageIds: user.pageIds, media },
      fault,
    )
    const posts = await meta.control.posts({ platform: 'facebook' })
    expect(posts).toHaveLength(1)
    expect(target).toMatchObject({ status: 'published', platformPostId: posts[0]!.id })
  })

  it('a Page video upload: one video post, found on the Page (an upload again would make a second)', async () => {
    const user = await connectedUser(meta, { threads: false, pages: 1 })
    const mediaId = await upload(user, 'clip.mp4')
    const fault = { route: 'facebook.videos.create' as const, afterEffect: true, ...lost }
    const target = await publishThroughLostAnswer(
      user,
      { platforms: ['FACEBOOK'], content: { text: 'Lost video answer' }, facebookPageIds: user.pageIds, media: [{ mediaId }] },
      fault,
    )
    const posts = await meta.control.posts({ platform: 'facebook' })
    expect(posts).toHaveLength(1)
    expect(target).toMatchObject({ status: 'published', platformPostId: posts[0]!.id, permalink: posts[0]!.permalink })
  })
})
