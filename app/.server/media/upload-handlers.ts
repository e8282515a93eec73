import type { Request as ExpressRequest, RequestHandler } from 'express'
import { getSession } from '../auth/sessions.ts'
import { errorFields, logEvent } from '../log.ts'
import { mediaView } from './media-view.ts'
import { receiveMultipart } from './receive-multipart.ts'

function isMultipart(req: ExpressRequest): boolean {
  return /^multipart\/form-data\b/i.test(req.get('content-type') ?? '')
}

/** The signed-in user behind the request's session cookie, or null. */
async function sessionUserId(req: ExpressRequest): Promise<string | null> {
  const request = new Request('http://duopost.invalid/', { headers: { cookie: req.get('cookie') ?? '' } })
  return (await getSession(request))?.user.id ?? null
}

/**
 * `POST /media`: the composer (with JavaScript) uploads files here one request at a time, to show
 * progress; the answer is JSON, the stored items and a message for each file refused. Runs after
 * the same-origin guard, with the browser session.
 */
export const uploadMediaJson: RequestHandler = (req, res, next) => {
  void (async () => {
    res.set('Cache-Control', 'no-store')
    const userId = await sessionUserId(req)
    if (!userId) return void res.status(401).json({ media: [], errors: ['Your session has ended. Log in again, then upload.'] })
    if (!isMultipart(req)) return void res.status(415).json({ media: [], errors: ['Send the files as multipart/form-data.'] })
    const form = await receiveMultipart(req, userId)
    res.status(form.media.length === 0 && form.errors.length > 0 ? 422 : 200).json({
      media: form.media.map(({ media }) => mediaView(media)),
      errors: form.errors,
    })
  })().catch((error: unknown) => {
    logEvent('error', 'media.upload_failed', errorFields(error))
    next(error)
  })
}

/**
 * The composer without JavaScript posts its form as multipart/form-data, files included. Before
 * Remix reads the form (within its 1 MiB body limit), each file is streamed into the MediaStore and
 * replaced by a `mediaId` field (and an empty `altText` beside it), a refused file by a
 * `mediaError` field with the reason: the action then sees an ordinary small form.
 */
export function multipartFormToFields(paths: readonly string[]): RequestHandler {
  return (req, _res, next) => {
    if (req.method !== 'POST' || !paths.includes(req.path) || !isMultipart(req)) return next()
    void (async () => {
      const userId = await sessionUserId(req)
      const form = userId ? await receiveMultipart(req, userId) : { fields: [], media: [], errors: [] }
      const body = new URLSearchParams(form.fields)
      for (const { media } of form.media) {
        body.append('mediaId', media.id)
        body.append('altText', '')
      }
      for (const message of form.errors) body.append('mediaError', message)
      const bytes = Buffer.from(body.toString())
      req.body = bytes
      // body-parser skips a request whose body was already read.
      ;(req as ExpressRequest & { _body?: boolean })._body = true
      req.headers['content-type'] = 'application/x-www-form-urlencoded'
      req.headers['content-length'] = String(bytes.length)
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
        const name = req.rawHeaders[i]!.toLowerCase()
        if (name === 'content-type') req.rawHeaders[i + 1] = 'application/x-www-form-urlencoded'
        if (name === 'content-length') req.rawHeaders[i + 1] = String(bytes.length)
      }
      next()
    })().catch(next)
  }
}
