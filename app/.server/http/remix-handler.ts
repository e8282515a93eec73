import { createRequestHandler, writeReadableStreamToWritable, type AppLoadContext, type ServerBuild } from '@remix-run/node'
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from 'express'

/**
 * The Fetch Request for Remix. Unlike @remix-run/express's own, its body is the Buffer that
 * bodyLimit read (so the limit holds), and its signal aborts when the client goes away before the
 * response is complete, which ends long-lived responses such as subscriptions.
 */
function fetchRequest(req: ExpressRequest, res: ExpressResponse): Request {
  const controller = new AbortController()
  res.on('close', () => {
    if (!res.writableFinished) controller.abort()
  })
  const headers = new Headers()
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!)
  const body = Buffer.isBuffer(req.body) && req.method !== 'GET' && req.method !== 'HEAD' ? new Uint8Array(req.body) : undefined
  return new Request(new URL(req.originalUrl, `${req.protocol}://${req.get('host') ?? 'localhost'}`), {
    method: req.method,
    headers,
    signal: controller.signal,
    body,
  })
}

async function send(res: ExpressResponse, response: Response): Promise<void> {
  res.statusMessage = response.statusText
  res.status(response.status)
  for (const [name, value] of response.headers) res.append(name, value)
  // An event stream's headers go out at once, before its first event.
  if (/text\/event-stream/i.test(response.headers.get('content-type') ?? '')) res.flushHeaders()
  if (response.body) await writeReadableStreamToWritable(response.body, res)
  else res.end()
}

export function remixHandler(options: {
  build: ServerBuild
  mode: 'production' | 'development'
  loadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext
}): RequestHandler {
  const handle = createRequestHandler(options.build, options.mode)
  // Express 4 ignores a handler's promise, so failures are handed to next() here.
  return (req, res, next) => {
    handle(fetchRequest(req, res), options.loadContext(req, res))
      .then((response) => send(res, response))
      .catch(next)
  }
}
