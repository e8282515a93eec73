/**
 * Media through the app: a 5 MB image and a 50 MB video uploaded to `POST /media` (the composer's
 * endpoint) and read back from `GET /media/:id` (what Meta fetches when it publishes), against a
 * plain streamed copy of the same bytes on the same disk, with the web process's memory watched
 * while each file passes. The fixtures are the test photo and clip, padded where their decoders
 * ignore extra bytes (after a JPEG's end marker; an MP4 `free` box), so they stay valid media.
 */
import { once } from 'node:events'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { startApp, type RunningApp } from '../e2e/app-process.ts'
import { logIn } from '../e2e/app-session.ts'
import { fixture } from '../media/fixtures.ts'
import { median, row, timed, type Row, type Size } from './measure.ts'

const MB = 1024 * 1024
const SIZES = { tiny: { image: 1 * MB, video: 5 * MB, rounds: 1 }, full: { image: 5 * MB, video: 50 * MB, rounds: 3 } }

function paddedJpeg(bytes: number): Buffer {
  const photo = fixture('photo.jpg')
  return Buffer.concat([photo, Buffer.alloc(Math.max(0, bytes - photo.length))])
}

function paddedMp4(bytes: number): Buffer {
  const clip = fixture('clip.mp4')
  const free = Buffer.alloc(Math.max(8, bytes - clip.length))
  free.writeUInt32BE(free.length, 0)
  free.write('free', 4, 'latin1')
  return Buffer.concat([clip, free])
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]) / 1024
}

/** The highest RSS of `pid` while `work` runs, sampled every 10 ms, less its RSS before. */
async function rssRise<T>(pid: number, work: () => Promise<T>): Promise<{ riseMb: number; value: T }> {
  const before = rssMb(pid)
  let peak = before
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 10)
  try {
    const value = await work()
    return { riseMb: Math.max(0, peak - before), value }
  } finally {
    clearInterval(sampler)
  }
}

/**
 * Uploads `source` as a browser does: one multipart/form-data request whose file part is streamed
 * from disk. (fetch with a FormData of the bytes reached only 18 MB/s to a server that discards
 * everything on this machine, so it would have measured the client.)
 */
async function upload(app: RunningApp, cookie: string, source: string, type: string): Promise<string> {
  const boundary = `----duopost-bench-${Date.now()}`
  const head = Buffer.from(
    `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${path.basename(source)}"\r\ncontent-type: ${type}\r\n\r\n`,
  )
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  const length = head.length + fs.statSync(source).size + tail.length
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const request = http.request(`${app.url}/media`, {
      method: 'POST',
      headers: { cookie, origin: app.url, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': length },
    })
    request.on('response', resolve).on('error', reject)
    request.write(head)
    pipeline(fs.createReadStream(source), request, { end: false })
      .then(() => request.end(tail))
      .catch(reject)
  })
  let text = ''
  for await (const chunk of response as AsyncIterable<Buffer>) text += chunk.toString()
  const body = JSON.parse(text) as { media: { id: string }[]; errors: string[] }
  if (response.statusCode !== 200 || body.media.length !== 1)
    throw new Error(`Uploading ${source} answered ${response.statusCode}: ${body.errors.join(' ')}`)
  return body.media[0]!.id
}

/** Read as Meta's fetcher would: a plain GET, the body streamed to a file. */
async function download(app: RunningApp, id: string, into: string): Promise<void> {
  const response = await new Promise<http.IncomingMessage>((resolve, reject) =>
    http.get(`${app.url}/media/${id}`, resolve).on('error', reject),
  )
  if (response.statusCode !== 200) throw new Error(`Reading media ${id} answered ${response.statusCode}.`)
  await pipeline(response, fs.createWriteStream(into))
}

async function streamedCopy(from: string, to: string): Promise<void> {
  const output = fs.createWriteStream(to)
  await pipeline(fs.createReadStream(from), output)
  if (!output.closed) await once(output, 'close')
}

export async function media(options: { size: Size }): Promise<Row[]> {
  const sizes = SIZES[options.size]
  const app = await startApp()
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'duopost-media-bench-'))
  try {
    const cookie = await logIn(app, 'media@example.com')
    const rows: Row[] = []
    const files = [
      { label: `${sizes.image / MB} MB image`, name: 'big.jpg', type: 'image/jpeg', bytes: paddedJpeg(sizes.image), largest: false },
      { label: `${sizes.video / MB} MB video`, name: 'big.mp4', type: 'video/mp4', bytes: paddedMp4(sizes.video), largest: true },
    ]
    for (const file of files) {
      const source = path.join(scratch, file.name)
      fs.writeFileSync(source, file.bytes)
      const copies: number[] = []
      const uploads: number[] = []
      const downloads: number[] = []
      let uploadRise = 0
      let downloadRise = 0
      // Each round: the plain copy, then the same bytes up through the app and back out of it.
      for (let round = 0; round < sizes.rounds; round++) {
        copies.push((await timed(() => streamedCopy(source, path.join(scratch, `copy-${round}`)))).ms)
        const sent = await rssRise(app.pid, () => timed(() => upload(app, cookie, source, file.type)))
        uploads.push(sent.value.ms)
        uploadRise = Math.max(uploadRise, sent.riseMb)
        const read = await rssRise(app.pid, () => timed(() => download(app, sent.value.value, path.join(scratch, `read-${round}`))))
        downloads.push(read.value.ms)
        downloadRise = Math.max(downloadRise, read.riseMb)
      }
      const perSecond = (ms: number) => Math.round(file.bytes.length / MB / (ms / 1000))
      const copy = perSecond(median(copies))
      const notes = `median of ${sizes.rounds}; baseline: the same file streamed from disk to disk (fs streams) in the benchmark's process`
      rows.push(
        row({
          benchmark: 'media',
          case: `upload of a ${file.label} to POST /media`,
          measured: perSecond(median(uploads)),
          baseline: copy,
          unit: 'MB/s',
          notes,
          goal: { of: 'ratio', is: 'at least', value: 0.7 },
        }),
        row({
          benchmark: 'media',
          case: `GET /media/:id of a ${file.label}`,
          measured: perSecond(median(downloads)),
          baseline: copy,
          unit: 'MB/s',
          notes,
          goal: { of: 'ratio', is: 'at least', value: 0.7 },
        }),
        row({
          benchmark: 'media',
          case: `web process RSS rise while a ${file.label} passes`,
          measured: Math.round(Math.max(uploadRise, downloadRise)),
          baseline: Math.round(file.bytes.length / MB),
          unit: 'MB',
          notes: `highest VmRSS during the upload or the read, sampled every 10 ms, less VmRSS before it (upload ${Math.round(uploadRise)} MB, read ${Math.round(downloadRise)} MB); baseline: the file's size. Streamed, it stays well below the file`,
          // A few MB of garbage-collector noise is as large as a small file; the largest one tells.
          ...(file.largest ? { goal: { of: 'ratio' as const, is: 'at most' as const, value: 0.5 } } : {}),
        }),
      )
    }
    return rows
  } finally {
    await app.stop()
    fs.rmSync(scratch, { recursive: true, force: true })
  }
}
