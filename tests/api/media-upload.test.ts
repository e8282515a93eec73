import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prisma } from '#app/.server/db.ts'
import { getYoga } from '#graphql/yoga.ts'
import { MEDIA_FIXTURES } from '#tests/media/fixtures.ts'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { connectedUser } from '#tests/publishing/helpers.ts'
import { bearer, createToken, listen } from './helpers.ts'

// The API's media: the multipart upload with a token (docs/api.md's curl block, run as written),
// createMediaFromUrl, the scopes, CSRF for browser sessions, and publishPost's validation by item.

const run = promisify(execFile)
const root = path.resolve(import.meta.dirname, '../..')
const doc = fs.readFileSync(path.join(root, 'docs/api.md'), 'utf8')
const curlBlock = /<!-- media: [^>]*-->\n```sh\n([\s\S]*?)```\n/.exec(doc)![1]!

const meta = useMetaSandbox()
let server: Awaited<ReturnType<typeof listen>>
beforeAll(async () => {
  server = await listen(getYoga())
})
afterAll(() => server.close())

const UPLOAD =
  'mutation ($file: File!) { uploadMedia(input: { file: $file }) { __typename ... on UploadMediaResult { media { id kind } } ... on Error { message } } }'

function multipart(file: Blob, name: string) {
  const form = new FormData()
  form.append('operations', JSON.stringify({ query: UPLOAD, variables: { file: null } }))
  form.append('map', JSON.stringify({ 0: ['variables.file'] }))
  form.append('0', file, name)
  return form
}

async function gql(secret: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { ...bearer(secret), 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  })
  return (await response.json()) as { data?: Record<string, Record<string, unknown>>; errors?: { message: string }[] }
}

describe('media through the API', () => {
  it('docs/api.md: the curl upload works as written, with a publish token', async () => {
    const user = await connectedUser(meta)
    const { secret } = await createToken(user.cookie, { name: 'media', scopes: ['PUBLISH'] })
    const env = { ...process.env, DUOPOST_URL: server.url, DUOPOST_TOKEN: secret, PHOTO: path.join(MEDIA_FIXTURES, 'photo.jpg') }
    const { stdout } = await run('sh', ['-c', curlBlock], { env })
    const media = JSON.parse(stdout).data.uploadMedia.media
    expect(media).toMatchObject({ kind: 'IMAGE', mimeType: 'image/jpeg', width: 640, height: 480 })
    expect(await prisma.media.findUnique({ where: { id: media.id } })).toMatchObject({ userId: user.userId })
  })

  it('refuses a file that is no picture or video as data, naming it; and a token without publish', async () => {
    const user = await connectedUser(meta)
    const publisher = await createToken(user.cookie, { name: 'p', scopes: ['PUBLISH'] })
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: bearer(publisher.secret),
      body: multipart(new Blob(['hello']), 'notes.jpg'),
    })
    expect(((await response.json()) as { data: { uploadMedia: unknown } }).data.uploadMedia).toEqual({
      __typename: 'MediaUploadError',
      message:
        '“notes.jpg” is not a picture or video Duopost can post (its content is of no known type). Use JPEG, PNG, GIF, BMP or TIFF images and MP4 or MOV videos.',
    })
    const reader = await createToken(user.cookie, { name: 'r', scopes: ['READ'] })
    const refused = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: bearer(reader.secret),
      body: multipart(new Blob([fs.readFileSync(path.join(MEDIA_FIXTURES, 'photo.jpg'))]), 'a.jpg'),
    })
    expect(JSON.stringify(await refused.json())).toContain('publish')
    expect(await prisma.media.count({ where: { userId: user.userId } })).toBe(0)
  })

  it('keeps CSRF protection for browser sessions: a multipart upload with only a cookie is refused', async () => {
    const user = await connectedUser(meta)
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { cookie: user.cookie },
      body: multipart(new Blob([fs.readFileSync(path.join(MEDIA_FIXTURES, 'photo.jpg'))]), 'a.jpg'),
    })
    expect(JSON.stringify(await response.json())).toMatch(/CSRF|x-graphql-csrf/i)
    expect(await prisma.media.count({ where: { userId: user.userId } })).toBe(0)
  })

  it('createMediaFromUrl downloads and checks the file like an upload', async () => {
    const user = await connectedUser(meta)
    const { secret } = await createToken(user.cookie, { name: 'u', scopes: ['PUBLISH'] })
    const url = meta.control.sampleMediaUrl('sample.png')
    const result = await gql(
      secret,
      'mutation ($url: String!) { createMediaFromUrl(input: { url: $url }) { __typename ... on UploadMediaResult { media { kind mimeType width } } ... on Error { message } } }',
      { url },
    )
    expect(result.data!.createMediaFromUrl).toEqual({
      __typename: 'UploadMediaResult',
      media: { kind: 'IMAGE', mimeType: 'image/png', width: 320 },
    })
    const refused = await gql(
      secret,
      'mutation { createMediaFromUrl(input: { url: "http://10.0.0.1/a.png" }) { __typename ... on Error { message } } }',
    )
    expect(refused.data!.createMediaFromUrl).toMatchObject({ __typename: 'MediaUploadError' })
  })
})
