import { Readable } from 'node:stream'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { getEnv } from '../env.ts'
import { ingestUpload, MediaUploadError } from './ingest.ts'
import { imageUrlProblem } from './remote-url.ts'

const DOWNLOAD_TIMEOUT_MS = 60_000

/**
 * A media item from an address: Duopost downloads the file (a public https address only, no
 * redirects followed, at most the upload limit) and keeps it like an upload, so it is checked by
 * content, served from APP_URL/media and sent to Facebook as bytes. Refusals are MediaUploadError.
 */
export async function downloadMedia(userId: string, address: string) {
  const sandbox = getEnv().META_SANDBOX_URL
  const problem = await imageUrlProblem(address, sandbox ? [new URL(sandbox).origin] : [])
  if (problem) throw new MediaUploadError(problem.replace('image', 'file'))
  let response: Response
  try {
    response = await fetch(address, { redirect: 'manual', signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) })
  } catch (error) {
    throw new MediaUploadError(
      `${address} could not be downloaded (${error instanceof Error ? error.message : String(error)}). Check the address.`,
    )
  }
  if (response.status >= 300 && response.status < 400) {
    throw new MediaUploadError(`${address} redirects elsewhere; give the address it leads to, so Duopost knows where it downloads from.`)
  }
  if (!response.ok || !response.body) throw new MediaUploadError(`${address} answered HTTP ${response.status}; nothing was downloaded.`)
  const fileName = decodeURIComponent(new URL(address).pathname.split('/').pop() ?? '') || null
  return ingestUpload({ userId, fileName, body: Readable.fromWeb(response.body as WebReadableStream<Uint8Array>) })
}
