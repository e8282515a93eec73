import http from 'node:http'
import https from 'node:https'
import { getEnv } from '../env.ts'
import { ingestUpload, MediaUploadError } from './ingest.ts'
import { publicOnlyLookup } from '../public-address.ts'
import { imageUrlProblem } from './remote-url.ts'

const DOWNLOAD_TIMEOUT_MS = 60_000
const lookup = publicOnlyLookup()

/** GETs the address; the answer's body is read by the caller. Connects only to public addresses unless `trusted`. */
function get(address: URL, trusted: boolean): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const client = address.protocol === 'https:' ? https : http
    const request = client.get(address, { lookup: trusted ? undefined : lookup, timeout: DOWNLOAD_TIMEOUT_MS }, resolve)
    request.on('timeout', () => request.destroy(new Error(`no answer within ${DOWNLOAD_TIMEOUT_MS / 1000} s`)))
    request.on('error', reject)
  })
}

/**
 * A media item from an address: Duopost downloads the file (a public https address only, no
 * redirects followed, at most the upload limit) and keeps it like an upload, so it is checked by
 * content, served from APP_URL/media and sent to Facebook as bytes. Refusals are MediaUploadError.
 */
export async function downloadMedia(userId: string, address: string) {
  const sandbox = getEnv().META_SANDBOX_URL
  const trustedOrigins = sandbox ? [new URL(sandbox).origin] : []
  const problem = await imageUrlProblem(address, trustedOrigins)
  if (problem) throw new MediaUploadError(problem.replace('image', 'file'))
  const url = new URL(address)
  let response: http.IncomingMessage
  try {
    response = await get(url, trustedOrigins.includes(url.origin))
  } catch (error) {
    throw new MediaUploadError(
      `${address} could not be downloaded (${error instanceof Error ? error.message : String(error)}). Check the address.`,
    )
  }
  const status = response.statusCode ?? 0
  if (status >= 300 && status < 400) {
    response.resume()
    throw new MediaUploadError(`${address} redirects elsewhere; give the address it leads to, so Duopost knows where it downloads from.`)
  }
  if (status < 200 || status > 299) {
    response.resume()
    throw new MediaUploadError(`${address} answered HTTP ${status}; nothing was downloaded.`)
  }
  const fileName = decodeURIComponent(url.pathname.split('/').pop() ?? '') || null
  return ingestUpload({ userId, fileName, body: response })
}
