import http from 'node:http'
import https from 'node:https'

/** Meta's answer as the clients read it: status, headers by name, and the whole body as text. */
export type MetaAnswer = { status: number; headers: Pick<Headers, 'get'>; text: string }

/** A form, or multipart form data when a file goes to Meta as bytes (a Page photo or video). */
export type MetaBody = URLSearchParams | FormData

export type MetaTransport = (url: URL, init: { method: string; body?: MetaBody; timeoutMs: number }) => Promise<MetaAnswer>

/** What a call that ran out of time fails with; `name` is what fetch's timeout has too. */
function timeoutError(ms: number): Error {
  return Object.assign(new Error(`no answer within ${ms} ms`), { name: 'TimeoutError' })
}

/**
 * An idle connection is closed after this, before a server does (Node's default is 5 s; a server's
 * Keep-Alive hint shortens it). Reusing one the server has just closed would fail the call, and a
 * failed send has an unknown outcome that costs a search of the Page or profile.
 */
const IDLE_MS = 4_000
// One pool of kept-alive connections per process: a publish makes several calls to the same host.
const agents = {
  'http:': new http.Agent({ keepAlive: true, timeout: IDLE_MS }),
  'https:': new https.Agent({ keepAlive: true, timeout: IDLE_MS }),
}

function headersOf(response: http.IncomingMessage): Pick<Headers, 'get'> {
  return {
    get(name) {
      const value = response.headers[name.toLowerCase()]
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
    },
  }
}

/**
 * node:http with keep-alive agents: for the JSON calls to Meta it does what fetch does at a
 * fraction of the CPU (fetch builds WHATWG streams, a Request and a Response for every call).
 */
export const nodeTransport: MetaTransport = (url, init) => {
  // Multipart bodies (files, up to chunks of a video) are rare and large: fetch streams them, and
  // the per-call overhead saved here does not matter next to the upload.
  if (init.body instanceof FormData) return fetchTransport(globalThis.fetch)(url, init)
  return sendForm(url, { ...init, body: init.body })
}

function sendForm(url: URL, init: { method: string; body?: URLSearchParams; timeoutMs: number }): Promise<MetaAnswer> {
  return new Promise((resolve, reject) => {
    const body = init.body?.toString()
    const headers: http.OutgoingHttpHeaders = { accept: 'application/json' }
    if (body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8'
      headers['content-length'] = Buffer.byteLength(body)
    }
    const agent = agents[url.protocol as keyof typeof agents]
    const client = url.protocol === 'https:' ? https : http
    const fail = (error: Error) => {
      clearTimeout(timer)
      reject(error)
    }
    const request = client.request(url, { method: init.method, headers, agent }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('error', fail)
      response.on('end', () => {
        clearTimeout(timer)
        resolve({ status: response.statusCode ?? 0, headers: headersOf(response), text: Buffer.concat(chunks).toString('utf8') })
      })
    })
    const timer = setTimeout(() => request.destroy(timeoutError(init.timeoutMs)), init.timeoutMs)
    request.on('error', fail)
    request.end(body)
  })
}

/** The same over a fetch function (tests hand one in to see or shape what is sent). */
export function fetchTransport(fetchImpl: typeof globalThis.fetch): MetaTransport {
  return async (url, init) => {
    const response = await fetchImpl(url, {
      method: init.method,
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(init.timeoutMs),
      ...(init.body ? { body: init.body } : {}),
    })
    return { status: response.status, headers: response.headers, text: await response.text() }
  }
}
