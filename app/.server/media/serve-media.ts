import { pipeline } from 'node:stream/promises'
import type { RequestHandler } from 'express'
import { prisma } from '../db.ts'
import { logEvent, errorFields } from '../log.ts'
import { parseByteRange } from './byte-range.ts'
import { isMediaId } from './media-id.ts'
import { mediaStore } from './media-store.ts'

/**
 * `GET|HEAD /media/<id>`: the bytes of one media item, for Meta to fetch (Threads takes media only
 * by URL) and for the composer's thumbnails. Anyone with the address may read it, as Meta must;
 * the 32-character random id is what keeps it private. A stored item never changes, so it is
 * cached for a year under its SHA-256 as ETag; no cookie is read or set, nothing is listed, and
 * video players and Meta's fetcher get byte ranges.
 */
export const serveMedia: RequestHandler = (req, res, next) => {
  const id = req.params.id ?? ''
  const notFound = () => res.status(404).set('Cache-Control', 'no-store').type('text/plain').send('No such media.')
  if (!isMediaId(id)) return void notFound()
  void (async () => {
    const media = await prisma.media.findUnique({ where: { id }, select: { mimeType: true, sizeBytes: true, sha256: true } })
    if (!media) return void notFound()
    const size = Number(media.sizeBytes)
    const etag = `"${media.sha256}"`
    res.set({
      'Content-Type': media.mimeType,
      ETag: etag,
      'Accept-Ranges': 'bytes',
      'Cache-Control': 'public, max-age=31536000, immutable',
      'Content-Disposition': 'inline',
      // Meta's fetcher and other sites' pages (the sandbox's views) may embed it.
      'Cross-Origin-Resource-Policy': 'cross-origin',
    })
    if (
      req
        .get('if-none-match')
        ?.split(',')
        .some((tag) => tag.trim() === etag || tag.trim() === '*')
    ) {
      return void res.status(304).end()
    }
    const ifRange = req.get('if-range')
    const range = ifRange && ifRange !== etag ? null : parseByteRange(req.get('range'), size)
    if (range === 'unsatisfiable') {
      return void res.status(416).set('Content-Range', `bytes */${size}`).end()
    }
    if (range) {
      res
        .status(206)
        .set({ 'Content-Range': `bytes ${range.start}-${range.end}/${size}`, 'Content-Length': String(range.end - range.start + 1) })
    } else {
      res.status(200).set('Content-Length', String(size))
    }
    if (req.method === 'HEAD') return void res.end()
    const body = await mediaStore().open(id, range ?? undefined)
    await pipeline(body, res)
  })().catch((error: unknown) => {
    logEvent('error', 'media.serve_failed', { mediaId: id, ...errorFields(error) })
    if (res.headersSent) res.destroy()
    else next(error)
  })
}
