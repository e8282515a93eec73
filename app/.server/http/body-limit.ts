import express, { type RequestHandler } from 'express'

/** Forms, GraphQL documents and Meta's webhooks are all far below this; uploads have their own limits. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024

/**
 * A GraphQL multipart request (uploadMedia) may carry a file this large. yoga reads the whole
 * request into memory, so API uploads stop here; the dashboard's uploads stream to the MediaStore
 * with no such limit (app/.server/media/upload-handlers.ts), and createMediaFromUrl downloads larger files.
 */
export const API_UPLOAD_LIMIT_BYTES = 100 * 1024 * 1024

/** The body limit for this request: the upload limit for multipart requests to /graphql, 1 MiB otherwise. */
export function requestBodyLimit(): RequestHandler {
  const small = bodyLimit()
  const upload = bodyLimit(API_UPLOAD_LIMIT_BYTES)
  return (req, res, next) => {
    const multipart = /^multipart\/form-data\b/i.test(req.get('content-type') ?? '')
    return (multipart && req.path === '/graphql' ? upload : small)(req, res, next)
  }
}

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
