import type { SandboxContext } from '../context.ts'
import { invalidParameter, metaError } from '../errors.ts'
import { booleanParam, json, type UploadedFile } from '../http.ts'
import { facebookId, localId } from '../ids.ts'
import { fetchMedia, isHttpUrl } from '../media-fetch.ts'
import type { CallContext, Handler } from '../router.ts'
import type { FacebookVideoRecord, PageRecord, VideoUploadSession } from '../store.ts'
import { pageForWrite } from './page-access.ts'
import { createPost } from './publishing.ts'

/**
 * The parameters of `POST /{page-id}/videos` the sandbox acts on, each in Meta's spec
 * (graph-specs/Page.json; a test checks). `source` is the multipart file of a simple upload; a
 * resumable upload sends `upload_phase` start (with `file_size`), then transfer (each
 * `video_file_chunk` at its `start_offset`), then finish (with the post's `description`).
 */
export const VIDEO_PARAMS = [
  'description',
  'title',
  'published',
  'file_url',
  'file_size',
  'upload_phase',
  'upload_session_id',
  'start_offset',
  'end_offset',
  'video_file_chunk',
] as const

// Meta asks for chunks of the size it names in each answer; the sandbox names a small one so that
// tests send several.
const CHUNK_BYTES = 1024 * 1024

const unsupportedFormat = () =>
  metaError(352, undefined, { message: "(#352) Sorry, the video file you selected is in a format that we don't support." })

function isVideo(contentType: string, bytes: Buffer): boolean {
  // An MP4 or MOV starts with a box whose type is at byte 4: ftyp, moov, mdat, free or wide.
  return contentType.startsWith('video/') || ['ftyp', 'moov', 'mdat', 'free', 'wide'].includes(bytes.subarray(4, 8).toString('latin1'))
}

function storeVideo(ctx: SandboxContext, contentType: string, bytes: Buffer): string {
  if (!isVideo(contentType, bytes)) throw unsupportedFormat()
  const id = facebookId()
  ctx.store.uploads.set(id, { contentType: contentType.startsWith('video/') ? contentType : 'video/mp4', bytes })
  return id
}

/** The video record and, unless `published=false`, the Page post that shows it. */
function publishVideo(call: CallContext, page: PageRecord, appId: string, id: string, url: string): FacebookVideoRecord {
  const { ctx, req } = call
  const video: FacebookVideoRecord = {
    id,
    pageId: page.id,
    url,
    description: req.params.get('description') ?? null,
    title: req.params.get('title') ?? null,
    postId: null,
    createdAt: ctx.clock.now(),
    deletedAt: null,
  }
  ctx.store.fbVideos.set(id, video)
  if (booleanParam(req.params.get('published')) !== false) {
    const post = createPost(call, page, appId, {
      message: video.description,
      link: null,
      photoIds: [],
      videoId: id,
      published: true,
      scheduledAt: null,
    })
    video.postId = post.id
  }
  return video
}

async function simpleUpload(call: CallContext, page: PageRecord, appId: string, file: UploadedFile | undefined) {
  const { ctx, req } = call
  if (file) {
    const id = storeVideo(ctx, file.contentType, file.bytes)
    return json(200, { id: publishVideo(call, page, appId, id, `${req.origin}/view/media/${id}`).id })
  }
  const url = req.params.get('file_url')
  if (url === undefined) throw invalidParameter('facebook', '(#100) Provide a video file (source), a file_url, or an upload_phase')
  if (!isHttpUrl(url)) throw invalidParameter('facebook', '(#100) file_url should represent a valid URL')
  const fetched = await fetchMedia(ctx, url)
  if (!fetched.ok) throw invalidParameter('facebook', `(#100) The video could not be downloaded from ${url}`)
  if (!fetched.contentType.startsWith('video/')) throw unsupportedFormat()
  return json(200, { id: publishVideo(call, page, appId, facebookId(), url).id })
}

function sessionFor(call: CallContext, page: PageRecord): VideoUploadSession {
  const id = call.req.params.get('upload_session_id') ?? ''
  const session = call.ctx.store.videoUploads.get(id)
  if (!session || session.pageId !== page.id) throw invalidParameter('facebook', `(#100) Invalid upload_session_id: ${id}`)
  return session
}

const offsets = (session: VideoUploadSession) => {
  const start = session.received.length
  return { start_offset: String(start), end_offset: String(Math.min(session.size, start + CHUNK_BYTES)) }
}

function resumableUpload(call: CallContext, page: PageRecord, appId: string, phase: string) {
  const { ctx, req } = call
  if (phase === 'start') {
    const size = Number(req.params.get('file_size'))
    if (!Number.isInteger(size) || size <= 0) throw invalidParameter('facebook', '(#100) file_size must be the size of the video in bytes')
    const id = localId('upload')
    const session: VideoUploadSession = { pageId: page.id, size, received: Buffer.alloc(0), videoId: facebookId() }
    ctx.store.videoUploads.set(id, session)
    return json(200, { upload_session_id: id, video_id: session.videoId, ...offsets(session) })
  }
  const session = sessionFor(call, page)
  if (phase === 'transfer') {
    const chunk = req.files.find((file) => file.field === 'video_file_chunk')
    if (!chunk) throw invalidParameter('facebook', '(#100) video_file_chunk is required in the transfer phase')
    if (Number(req.params.get('start_offset')) !== session.received.length) {
      throw invalidParameter('facebook', `(#100) start_offset must be ${session.received.length}, where the upload stands`)
    }
    session.received = Buffer.concat([session.received, chunk.bytes]).subarray(0, session.size)
    return json(200, offsets(session))
  }
  if (phase === 'finish') {
    if (session.received.length !== session.size) {
      throw invalidParameter('facebook', `(#100) The upload is incomplete: ${session.received.length} of ${session.size} bytes arrived`)
    }
    ctx.store.videoUploads.delete(req.params.get('upload_session_id') ?? '')
    const stored = storeVideo(ctx, 'application/octet-stream', session.received)
    ctx.store.uploads.set(session.videoId, ctx.store.uploads.get(stored)!)
    ctx.store.uploads.delete(stored)
    publishVideo(call, page, appId, session.videoId, `${req.origin}/view/media/${session.videoId}`)
    return json(200, { success: true })
  }
  throw invalidParameter('facebook', '(#100) upload_phase must be start, transfer or finish')
}

/** `POST /{page-id}/videos`: a Page video, by simple upload, `file_url` or resumable upload; published as a post. */
export const createVideo: Handler = async (call) => {
  const { token, page } = pageForWrite(call, call.path.id ?? '')
  const phase = call.req.params.get('upload_phase')
  if (phase !== undefined) return resumableUpload(call, page, token.appId, phase)
  return simpleUpload(
    call,
    page,
    token.appId,
    call.req.files.find((file) => file.field === 'source'),
  )
}
