import { DAY, MINUTE, parseMetaTime } from '../clock.ts'
import type { SandboxContext } from '../context.ts'
import { invalidParameter, metaError } from '../errors.ts'
import { booleanParam, json, type Params, type UploadedFile } from '../http.ts'
import { facebookId } from '../ids.ts'
import { fetchMedia, isHttpUrl } from '../media-fetch.ts'
import type { CallContext, Handler } from '../router.ts'
import type { FacebookPhotoRecord, FacebookPostRecord, PageRecord } from '../store.ts'
import { pageForWrite } from './page-access.ts'
import { isLive, shownAt } from './posts.ts'

/**
 * The parameters of `POST /{page-id}/feed` and `/photos` the sandbox acts on. Each name appears in
 * Meta's spec (graph-specs/Page.json; a test checks); others are accepted and recorded, as Meta
 * accepts them. `source`, the multipart file of `/photos`, is a file part rather than a parameter.
 */
export const FEED_PARAMS = ['message', 'link', 'published', 'scheduled_publish_time', 'attached_media'] as const
export const PHOTO_PARAMS = [
  'url',
  'caption',
  'message',
  'published',
  'no_story',
  'temporary',
  'scheduled_publish_time',
  'alt_text_custom',
] as const

const SCHEDULE_MIN_MS = 10 * MINUTE
const SCHEDULE_MAX_MS = 30 * DAY

function invalidSchedule(): Error {
  return invalidParameter('facebook', '(#100) The specified scheduled publish time is invalid.', {
    error_user_title: 'Invalid scheduled publish time',
    error_user_msg: 'The scheduled publish time must be between 10 minutes and 30 days from now.',
  })
}

/** Unix seconds, ISO 8601 or another date string Date.parse reads; 10 minutes to 30 days ahead. */
function scheduleOf(ctx: SandboxContext, params: Params, published: boolean | undefined): number | null {
  const raw = params.get('scheduled_publish_time')
  if (raw === undefined) return null
  if (published !== false) {
    throw invalidParameter('facebook', '(#100) A scheduled post must be created with published=false')
  }
  const at = parseMetaTime(raw)
  const ahead = at - ctx.clock.now()
  if (Number.isNaN(at) || ahead < SCHEDULE_MIN_MS || ahead > SCHEDULE_MAX_MS) throw invalidSchedule()
  return at
}

function recorded(params: Params): Record<string, string> {
  return Object.fromEntries(params.entries().filter(([key]) => !['access_token', 'appsecret_proof', 'appsecret_time'].includes(key)))
}

export function createPost(
  call: CallContext,
  page: PageRecord,
  appId: string,
  fields: Pick<FacebookPostRecord, 'message' | 'link' | 'photoIds' | 'published' | 'scheduledAt'> & { videoId?: string },
): FacebookPostRecord {
  const now = call.ctx.clock.now()
  const post: FacebookPostRecord = {
    id: `${page.id}_${facebookId()}`,
    pageId: page.id,
    appId,
    ...fields,
    videoId: fields.videoId ?? null,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
    params: recorded(call.req.params),
  }
  call.ctx.store.fbPosts.set(post.id, post)
  for (const photoId of post.photoIds) {
    const photo = call.ctx.store.fbPhotos.get(photoId)
    if (photo) photo.postId = post.id
  }
  return post
}

function attachedPhotos(ctx: SandboxContext, page: PageRecord, raw: string | undefined): string[] {
  if (raw === undefined) return []
  let entries: unknown
  try {
    entries = JSON.parse(raw)
  } catch {
    throw invalidParameter('facebook', '(#100) attached_media must be a JSON array of {"media_fbid": ...}')
  }
  if (!Array.isArray(entries)) throw invalidParameter('facebook', '(#100) attached_media must be a JSON array of {"media_fbid": ...}')
  return entries.map((entry: unknown) => {
    const fbid = typeof entry === 'object' && entry !== null ? (entry as { media_fbid?: unknown }).media_fbid : undefined
    const id = typeof fbid === 'string' || typeof fbid === 'number' ? String(fbid) : ''
    const photo = ctx.store.fbPhotos.get(id)
    if (!photo || photo.pageId !== page.id || photo.published || photo.postId !== null || photo.deletedAt !== null) {
      throw invalidParameter('facebook', `(#100) attached_media ${id} is not an unpublished photo of this Page`)
    }
    return id
  })
}

/** Meta refuses a status identical to the Page's latest one (code 506). */
function checkDuplicate(ctx: SandboxContext, page: PageRecord, message: string | null, link: string | null): void {
  const latest = [...ctx.store.fbPosts.values()]
    .filter((post) => post.pageId === page.id && isLive(ctx, post))
    .sort((a, b) => shownAt(b) - shownAt(a))[0]
  if (latest && message !== null && latest.message === message && latest.link === link && latest.photoIds.length === 0) {
    throw metaError(506)
  }
}

/** `POST /{page-id}/feed` */
export const createFeedPost: Handler = (call) => {
  const { ctx, req } = call
  const { token, page } = pageForWrite(call, call.path.id ?? '')
  const message = req.params.get('message') ?? null
  const link = req.params.get('link') ?? null
  if (link !== null && !isHttpUrl(link)) throw invalidParameter('facebook', '(#100) The parameter link must be a valid http(s) URL')
  const photoIds = attachedPhotos(ctx, page, req.params.get('attached_media'))
  if (message === null && link === null && photoIds.length === 0) {
    throw invalidParameter('facebook', '(#100) Missing message or attachment')
  }
  const published = booleanParam(req.params.get('published'))
  const scheduledAt = scheduleOf(ctx, req.params, published)
  if (published !== false && photoIds.length === 0) checkDuplicate(ctx, page, message, link)
  const post = createPost(call, page, token.appId, { message, link, photoIds, published: published !== false, scheduledAt })
  return json(200, { id: post.id })
}

async function photoSource(call: CallContext, photoId: string, file: UploadedFile | undefined): Promise<string> {
  const { ctx, req } = call
  const invalidImage = () => metaError(324, undefined, { message: '(#324) Missing or invalid image file' })
  if (file) {
    if (!file.contentType.startsWith('image/')) throw invalidImage()
    ctx.store.uploads.set(photoId, { contentType: file.contentType, bytes: file.bytes })
    return `${req.origin}/view/media/${photoId}`
  }
  const url = req.params.get('url')
  if (url === undefined) throw metaError(324, undefined, { message: '(#324) Requires upload file' })
  if (!isHttpUrl(url)) throw invalidParameter('facebook', '(#100) url should represent a valid URL')
  const fetched = await fetchMedia(ctx, url)
  if (!fetched.ok || !fetched.contentType.startsWith('image/')) throw invalidImage()
  return url
}

/** `POST /{page-id}/photos`: by `url` or a multipart upload; published photos get a feed post. */
export const createPhoto: Handler = async (call) => {
  const { ctx, req } = call
  const { token, page } = pageForWrite(call, call.path.id ?? '')
  const publishedParam = booleanParam(req.params.get('published'))
  const temporary = booleanParam(req.params.get('temporary')) ?? false
  const scheduledAt = scheduleOf(ctx, req.params, publishedParam)
  const published = publishedParam !== false && !temporary
  const id = facebookId()
  const photo: FacebookPhotoRecord = {
    id,
    pageId: page.id,
    url: await photoSource(call, id, req.files[0]),
    caption: req.params.get('caption') ?? req.params.get('message') ?? null,
    altText: req.params.get('alt_text_custom') ?? null,
    postId: null,
    published,
    createdAt: ctx.clock.now(),
    deletedAt: null,
  }
  ctx.store.fbPhotos.set(photo.id, photo)
  const story = (published && !(booleanParam(req.params.get('no_story')) ?? false)) || scheduledAt !== null
  if (!story) return json(200, { id: photo.id })
  const post = createPost(call, page, token.appId, { message: photo.caption, link: null, photoIds: [photo.id], published, scheduledAt })
  return json(200, { id: photo.id, post_id: post.id })
}
