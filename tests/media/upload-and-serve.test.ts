import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prisma } from '#app/.server/db.ts'
import { ingestUpload } from '#app/.server/media/ingest.ts'
import { serveMedia } from '#app/.server/media/serve-media.ts'
import { multipartFormToFields, uploadMediaJson } from '#app/.server/media/upload-handlers.ts'
import { signUp } from '#tests/auth/helpers.ts'
import { fixture, pngOfSize } from './fixtures.ts'

// The media path end to end over real HTTP: the upload endpoint and the no-JavaScript form
// conversion in front of Remix, content sniffing and probing, the store (local folder), and the
// public media address with its caching and range headers.

let base = ''
let server: ReturnType<express.Express['listen']>
let seenForm = ''

beforeAll(async () => {
  const app = express()
  app.get('/media/:id', serveMedia)
  app.post('/media', uploadMediaJson)
  app.post('/dashboard', multipartFormToFields(['/dashboard']), (req, res) => {
    seenForm = Buffer.isBuffer(req.body) ? req.body.toString() : ''
    res.send('ok')
  })
  server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise((resolve) => server.close(resolve)))

let users = 0
async function user() {
  users += 1
  return signUp(`media-${users}-${Math.random().toString(36).slice(2)}@example.com`)
}

const ingest = (userId: string, bytes: Buffer, fileName: string) => ingestUpload({ userId, fileName, body: Readable.from([bytes]) })

describe('ingesting an upload', () => {
  it('reads type, size and dimensions from the content, whatever the name says', async () => {
    const { userId } = await user()
    const media = await ingest(userId, fixture('photo.jpg'), 'holiday.png')
    expect(media).toMatchObject({ kind: 'image', mimeType: 'image/jpeg', width: 640, height: 480, fileName: 'holiday.png' })
    expect(media.id).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(Number(media.sizeBytes)).toBe(fixture('photo.jpg').length)
  })

  it('probes a video for its duration and picture size', async () => {
    const { userId } = await user()
    expect(await ingest(userId, fixture('clip.mp4'), 'clip.mp4')).toMatchObject({
      kind: 'video',
      mimeType: 'video/mp4',
      durationMs: 2000,
      width: 320,
      height: 240,
    })
    expect(await ingest(userId, fixture('long.mp4'), 'long.mp4')).toMatchObject({ durationMs: 301_000 })
  })

  it('refuses what is not a picture or video, naming the file, and stores nothing', async () => {
    const { userId } = await user()
    await expect(ingest(userId, Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'photo.jpg')).rejects.toThrow(
      '“photo.jpg” is not a picture or video Duopost can post (its content is application/pdf). Use JPEG, PNG, GIF, BMP or TIFF images and MP4 or MOV videos.',
    )
    await expect(ingest(userId, Buffer.alloc(0), 'empty.jpg')).rejects.toThrow('“empty.jpg” is empty. Choose the file again.')
    expect(await prisma.media.count({ where: { userId } })).toBe(0)
  })
})

describe('GET /media/<id>', () => {
  it('serves the bytes with type, length, ETag and immutable caching, and no cookie', async () => {
    const { userId } = await user()
    const bytes = fixture('photo.png')
    const media = await ingest(userId, bytes, 'photo.png')
    const response = await fetch(`${base}/media/${media.id}`)
    expect(response.status).toBe(200)
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(bytes.length),
      etag: `"${media.sha256}"`,
      'accept-ranges': 'bytes',
      'cache-control': 'public, max-age=31536000, immutable',
    })
    expect(response.headers.get('set-cookie')).toBeNull()
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true)
    const again = await fetch(`${base}/media/${media.id}`, { headers: { 'if-none-match': `"${media.sha256}"` } })
    expect(again.status).toBe(304)
  })

  it('answers range requests (video players, Meta) and refuses unsatisfiable ones', async () => {
    const { userId } = await user()
    const bytes = fixture('clip.mp4')
    const media = await ingest(userId, bytes, 'clip.mp4')
    const part = await fetch(`${base}/media/${media.id}`, { headers: { range: 'bytes=10-19' } })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${bytes.length}`)
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(10, 20))).toBe(true)
    const tail = await fetch(`${base}/media/${media.id}`, { headers: { range: 'bytes=-4' } })
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(-4))).toBe(true)
    const beyond = await fetch(`${base}/media/${media.id}`, { headers: { range: `bytes=${bytes.length}-` } })
    expect(beyond.status).toBe(416)
    expect(beyond.headers.get('content-range')).toBe(`bytes */${bytes.length}`)
    const head = await fetch(`${base}/media/${media.id}`, { method: 'HEAD' })
    expect(head.headers.get('content-length')).toBe(String(bytes.length))
  })

  it('answers 404 for an unknown or malformed id, and lists nothing', async () => {
    expect((await fetch(`${base}/media/${'A'.repeat(32)}`)).status).toBe(404)
    expect((await fetch(`${base}/media/..%2F..%2Fetc`)).status).toBe(404)
    expect((await fetch(`${base}/media/`)).status).toBe(404)
  })
})

describe('uploading', () => {
  it('POST /media stores each file for the signed-in person and names each refused one', async () => {
    const { userId, cookie } = await user()
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(fixture('photo.jpg'))]), 'a.jpg')
    form.append('file', new Blob([new Uint8Array(fixture('clip.mp4'))]), 'b.mp4')
    form.append('file', new Blob(['just text']), 'notes.txt')
    const response = await fetch(`${base}/media`, { method: 'POST', body: form, headers: { cookie } })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { media: { kind: string; fileName: string; url: string }[]; errors: string[] }
    expect(body.media.map((m) => [m.kind, m.fileName])).toEqual([
      ['image', 'a.jpg'],
      ['video', 'b.mp4'],
    ])
    expect(body.media[0]!.url).toMatch(/^http:\/\/localhost:3000\/media\/[A-Za-z0-9_-]{32}$/)
    expect(body.errors).toEqual([expect.stringContaining('“notes.txt” is not a picture or video Duopost can post')])
    expect(await prisma.media.count({ where: { userId } })).toBe(2)
  })

  it('POST /media without a session stores nothing', async () => {
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(fixture('photo.jpg'))]), 'a.jpg')
    const response = await fetch(`${base}/media`, { method: 'POST', body: form })
    expect(response.status).toBe(401)
  })

  it('the composer form without JavaScript reaches Remix as small fields: a mediaId per stored file', async () => {
    const { cookie } = await user()
    const form = new FormData()
    form.append('intent', 'publish')
    form.append('text', 'Two photos')
    form.append('files', new Blob([new Uint8Array(fixture('photo.jpg'))]), 'a.jpg')
    form.append('files', new Blob([new Uint8Array(pngOfSize(2 * 1024 * 1024))]), 'b.png')
    await fetch(`${base}/dashboard`, { method: 'POST', body: form, headers: { cookie } })
    const fields = new URLSearchParams(seenForm)
    expect(fields.get('text')).toBe('Two photos')
    expect(fields.getAll('mediaId')).toHaveLength(2)
    expect(fields.getAll('altText')).toEqual(['', ''])
  })
})
