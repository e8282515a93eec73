import fs from 'node:fs'
import path from 'node:path'
import { text } from 'node:stream/consumers'
import S3rver from 's3rver'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLocalStore } from '#app/.server/media/local-store.ts'
import type { MediaStore } from '#app/.server/media/media-store.ts'
import { createS3Store } from '#app/.server/media/s3-store.ts'
import { useTempDirs } from '#tests/temp-dirs.ts'

// Both backends against real storage: a folder, and s3rver (an S3-compatible server from npm that
// runs offline here) spoken to by the AWS SDK v3 client exactly as a bucket at AWS or MinIO would be.

const tempDir = useTempDirs('duopost-media-store-')
let s3: S3rver
let s3Url = ''

beforeAll(async () => {
  s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: tempDir(), configureBuckets: [{ name: 'media', configs: [] }] })
  const { port } = await s3.run()
  s3Url = `http://127.0.0.1:${port}`
})
afterAll(async () => {
  await s3?.close()
})

const backends: Record<string, () => MediaStore> = {
  local: () => createLocalStore(path.join(tempDir(), 'media')),
  s3: () =>
    createS3Store({
      bucket: 'media',
      region: 'us-east-1',
      endpoint: s3Url,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    }),
}

function fileWith(content: string): string {
  const file = path.join(tempDir(), 'incoming')
  fs.writeFileSync(file, content)
  return file
}

describe.each(Object.keys(backends))('the %s media store', (name) => {
  it('keeps bytes under a key, returns them whole, as a range and as a Blob, and removes them', async () => {
    const store = backends[name]!()
    await store.put('abc_DEF-123', fileWith('0123456789'), 'image/png')
    expect(await text(await store.open('abc_DEF-123'))).toBe('0123456789')
    expect(await text(await store.open('abc_DEF-123', { start: 2, end: 5 }))).toBe('2345')
    const blob = await store.blob('abc_DEF-123', 'image/png')
    expect(blob.type).toBe('image/png')
    expect(await blob.text()).toBe('0123456789')
    await store.remove('abc_DEF-123')
    await expect(store.open('abc_DEF-123')).rejects.toThrow()
    await store.remove('abc_DEF-123')
  })
})

it('the local store refuses a key that could leave its folder', async () => {
  const store = backends.local!()
  await expect(store.put('../escape', fileWith('x'), 'image/png')).rejects.toThrow(/Not a media key/)
  await expect(store.open('a/b')).rejects.toThrow(/Not a media key/)
})
