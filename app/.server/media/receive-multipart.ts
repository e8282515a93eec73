import type { IncomingMessage } from 'node:http'
import busboy from 'busboy'
import { MAX_MEDIA_ITEMS } from '#app/shared/media-rules.ts'
import { ingestUpload, MediaUploadError } from './ingest.ts'

type StoredMedia = Awaited<ReturnType<typeof ingestUpload>>

export type ReceivedForm = {
  /** The form's other fields, in order. */
  fields: [string, string][]
  /** The files that became media items, in the order they were sent, with their form field. */
  media: { field: string; media: StoredMedia }[]
  /** Why a file was refused, each message naming the file. */
  errors: string[]
}

// A form's own fields are short (the text is at most 63,206 characters); files are the large part.
const FIELD_LIMIT_BYTES = 256 * 1024
const FIELD_COUNT_LIMIT = 200

/**
 * Reads a multipart/form-data body as it arrives: each file is streamed into the MediaStore
 * (ingestUpload) and never held in memory, so a 1 GB video costs no more memory than a photo.
 * Files after the first MAX_MEDIA_ITEMS, and empty file inputs (a form sent with none chosen),
 * are left out.
 */
export function receiveMultipart(req: IncomingMessage, userId: string): Promise<ReceivedForm> {
  return new Promise((resolve, reject) => {
    const form: ReceivedForm = { fields: [], media: [], errors: [] }
    const pending: Promise<void>[] = []
    // Files finish storing in any order; the form keeps the order they were sent in.
    const arrived: { order: number; field: string; media: StoredMedia }[] = []
    let files = 0
    let parser: busboy.Busboy
    try {
      parser = busboy({ headers: req.headers, limits: { fieldSize: FIELD_LIMIT_BYTES, fields: FIELD_COUNT_LIMIT } })
    } catch (error) {
      return reject(error instanceof Error ? error : new Error(String(error)))
    }
    parser.on('field', (name, value) => form.fields.push([name, value]))
    parser.on('file', (field, stream, info) => {
      if (!info.filename || files >= MAX_MEDIA_ITEMS) {
        if (info.filename)
          form.errors.push(`“${info.filename}” was left out: a post can have at most ${MAX_MEDIA_ITEMS} images and videos.`)
        stream.resume()
        return
      }
      const order = files++
      pending.push(
        ingestUpload({ userId, fileName: info.filename, body: stream }).then(
          (media) => {
            arrived.push({ order, field, media })
          },
          (error: unknown) => {
            stream.resume()
            if (error instanceof MediaUploadError) form.errors.push(error.message)
            else throw error
          },
        ),
      )
    })
    parser.on('error', reject)
    parser.on('close', () => {
      Promise.all(pending).then(() => {
        form.media = arrived.sort((a, b) => a.order - b.order).map(({ field, media }) => ({ field, media }))
        resolve(form)
      }, reject)
    })
    req.pipe(parser)
  })
}
