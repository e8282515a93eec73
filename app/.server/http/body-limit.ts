import express, { type RequestHandler } from 'express'

/** Forms, GraphQL documents and Meta's webhooks are all far below this; uploads will get their own streamed limit. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024

/**
 * Reads a request body into memory, at most `maxBytes`, as `req.body` (a Buffer; absent when the
 * request has none). A larger body is refused with 413 before it is parsed: from Content-Length at
 * once, or as soon as a streamed body passes the limit. The connection is then closed, so the
 * rest of the body is never read.
 */
export function bodyLimit(maxBytes = DEFAULT_BODY_LIMIT_BYTES): RequestHandler {
  const read = express.raw({ type: () => true, limit: maxBytes })
  return (req, res, next) => {
    read(req, res, (error?: unknown) => {
      if ((error as { type?: string } | undefined)?.type !== 'entity.too.large') return next(error)
      res
        .status(413)
        .set('Connection', 'close')
        .type('text/plain')
        .send(`Request body too large: the limit is ${Math.floor(maxBytes / 1024)} KiB. Send less at once.`)
    })
  }
}
