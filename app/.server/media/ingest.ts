import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { fileTypeFromFile } from 'file-type'
import { imageSizeFromFile } from 'image-size/fromFile'
import { formatBytes, MAX_UPLOAD_BYTES, STORABLE_TYPES, type MediaKind } from '#app/shared/media-rules.ts'
import { prisma } from '../db.ts'
import { newMediaId } from './media-id.ts'
import { mediaStore, type MediaStore } from './media-store.ts'
import { probeVideo } from './probe-video.ts'

/** A file that cannot become a media item; the message names the file and says what to do. */
export class MediaUploadError extends Error {
  override name = 'MediaUploadError'
}

const KNOWN_TYPES = 'JPEG, PNG, GIF, BMP or TIFF images and MP4 or MOV videos'

type Probed = { width: number | null; height: number | null; durationMs: number | null }

class TooLarge extends Error {}

/** Copies the upload to a private temporary file, hashing and counting as it goes, within the limit. */
async function receive(source: Readable, file: string, maxBytes: number): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256')
  let size = 0
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length
      if (size > maxBytes) return done(new TooLarge())
      hash.update(chunk)
      done(null, chunk)
    },
  })
  await pipeline(source, meter, createWriteStream(file, { mode: 0o600 }))
  return { size, sha256: hash.digest('hex') }
}

async function probe(file: string, kind: MediaKind, label: string, type: string): Promise<Probed> {
  try {
    if (kind === 'image') {
      const { width, height } = await imageSizeFromFile(file)
      return { width: width ?? null, height: height ?? null, durationMs: null }
    }
    return await probeVideo(file)
  } catch {
    throw new MediaUploadError(`${label} looks like ${type} but could not be read: it may be damaged. Export it again and upload that.`)
  }
}

export type IngestInput = { userId: string; fileName: string | null; body: Readable; store?: MediaStore }

/**
 * Takes one uploaded file: the bytes are received into a temporary file (never more than
 * MAX_UPLOAD_BYTES), their type is read from the content itself, dimensions and duration are
 * probed, and the unchanged bytes are stored under a fresh unguessable id.
 */
export async function ingestUpload(input: IngestInput) {
  const label = input.fileName ? `“${input.fileName}”` : 'The file'
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'duopost-upload-'))
  const file = path.join(dir, 'upload')
  try {
    let received
    try {
      received = await receive(input.body, file, MAX_UPLOAD_BYTES)
    } catch (error) {
      if (error instanceof TooLarge) {
        throw new MediaUploadError(
          `${label} is larger than ${formatBytes(MAX_UPLOAD_BYTES)}, the most Duopost takes. Upload a smaller file.`,
        )
      }
      throw error
    }
    if (received.size === 0) throw new MediaUploadError(`${label} is empty. Choose the file again.`)
    const sniffed = await fileTypeFromFile(file)
    const kind = sniffed ? STORABLE_TYPES[sniffed.mime] : undefined
    if (!sniffed || !kind) {
      throw new MediaUploadError(
        `${label} is not a picture or video Duopost can post (its content is ${sniffed ? sniffed.mime : 'of no known type'}). Use ${KNOWN_TYPES}.`,
      )
    }
    const probed = await probe(file, kind, label, sniffed.ext.toUpperCase())
    const id = newMediaId()
    const store = input.store ?? mediaStore()
    await store.put(id, file, sniffed.mime)
    return await prisma.media.create({
      data: {
        id,
        userId: input.userId,
        kind,
        mimeType: sniffed.mime,
        sizeBytes: BigInt(received.size),
        sha256: received.sha256,
        fileName: input.fileName?.slice(0, 255) ?? null,
        ...probed,
      },
    })
  } finally {
    await fs.rm(dir, { recursive: true, force: true })
  }
}
