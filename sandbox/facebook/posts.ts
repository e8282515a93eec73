import { metaTimestamp } from '../clock.ts'
import type { SandboxContext } from '../context.ts'
import { facebookPostUrl } from '../directory.ts'
import { invalidParameter, nonexistingField, unsupportedRequest } from '../errors.ts'
import { fieldsOrDefault, selectFields, type FieldResolvers } from '../fields.ts'
import { json } from '../http.ts'
import { pagedNodes, timeWindow } from '../paging.ts'
import type { CallContext, Handler } from '../router.ts'
import type { FacebookPhotoRecord, FacebookPostRecord } from '../store.ts'
import { facebookToken, nodeOf } from './auth.ts'
import { pageForRead, pageForWrite } from './page-access.ts'
import { pageResolvers, pageUnknownField, personResolvers, userUnknownField } from './user.ts'

/** A scheduled post goes live on its own once the sandbox clock reaches its time. */
export function isLive(ctx: SandboxContext, post: FacebookPostRecord): boolean {
  return post.deletedAt === null && (post.published || (post.scheduledAt !== null && post.scheduledAt <= ctx.clock.now()))
}

export function isScheduled(ctx: SandboxContext, post: FacebookPostRecord): boolean {
  return post.deletedAt === null && !post.published && post.scheduledAt !== null && post.scheduledAt > ctx.clock.now()
}

/** When the post appeared (or will appear) on the Page. */
export function shownAt(post: FacebookPostRecord): number {
  return post.scheduledAt ?? post.createdAt
}

export function photoUrls(ctx: SandboxContext, post: FacebookPostRecord): string[] {
  return post.photoIds.flatMap((id) => ctx.store.fbPhotos.get(id)?.url ?? [])
}

export function videoUrl(ctx: SandboxContext, post: FacebookPostRecord): string | null {
  return post.videoId ? (ctx.store.fbVideos.get(post.videoId)?.url ?? null) : null
}

function postResolvers(call: CallContext): FieldResolvers<FacebookPostRecord> {
  const { ctx, req } = call
  return {
    id: (p) => p.id,
    message: (p) => p.message ?? undefined,
    created_time: (p) => metaTimestamp(shownAt(p)),
    updated_time: (p) => metaTimestamp(Math.max(p.updatedAt, shownAt(p))),
    permalink_url: (p) => facebookPostUrl(req.origin, p.id),
    is_published: (p) => isLive(ctx, p),
    scheduled_publish_time: (p) => (isScheduled(ctx, p) && p.scheduledAt !== null ? Math.floor(p.scheduledAt / 1000) : undefined),
    full_picture: (p) => photoUrls(ctx, p)[0],
    from: (p) => ({ id: p.pageId, name: ctx.store.pages.get(p.pageId)?.name }),
    status_type: (p) =>
      p.videoId ? 'added_video' : p.photoIds.length > 0 ? 'added_photos' : p.link ? 'shared_story' : 'mobile_status_update',
    attachments: (p) => {
      const video = videoUrl(ctx, p)
      if (video) return { data: [{ type: 'video_inline', media: { source: video }, url: video }] }
      const urls = photoUrls(ctx, p)
      if (urls.length > 0) return { data: urls.map((src) => ({ type: 'photo', media: { image: { src } }, url: src })) }
      return p.link ? { data: [{ type: 'share', url: p.link }] } : undefined
    },
  }
}

const photoResolvers: FieldResolvers<FacebookPhotoRecord> = {
  id: (p) => p.id,
  created_time: (p) => metaTimestamp(p.createdAt),
  name: (p) => p.caption ?? undefined,
  alt_text_custom: (p) => p.altText ?? undefined,
  picture: (p) => p.url,
  images: (p) => [{ source: p.url }],
  page_story_id: (p) => p.postId ?? undefined,
}

const POST_DEFAULTS = 'created_time,message,id'

function postUnknownField(name: string): Error {
  return nonexistingField('facebook', name, 'PagePost')
}

/** Newest first, within `since` / `until` (Unix seconds or a date string) when given. */
function listPosts(call: CallContext, which: (post: FacebookPostRecord) => boolean): ReturnType<Handler> {
  const { page } = pageForRead(call, call.path.id ?? '')
  const within = timeWindow('facebook', call.req)
  const posts = [...call.ctx.store.fbPosts.values()]
    .filter((post) => post.pageId === page.id && which(post) && within(shownAt(post)))
    .sort((a, b) => shownAt(b) - shownAt(a))
  return pagedNodes('facebook', call.req, posts, (post) => post.id, {
    defaults: POST_DEFAULTS,
    resolvers: postResolvers(call),
    unknownField: postUnknownField,
  })
}

/** `GET /{page-id}/feed` (and `/posts`): what the Page shows, photo posts included, newest first. */
export const feed: Handler = (call) => listPosts(call, (post) => isLive(call.ctx, post))

/** `GET /{page-id}/scheduled_posts` */
export const scheduledPosts: Handler = (call) => listPosts(call, (post) => isScheduled(call.ctx, post))

function livePost(ctx: SandboxContext, id: string): FacebookPostRecord | undefined {
  const post = ctx.store.fbPosts.get(id)
  return post && post.deletedAt === null ? post : undefined
}

/** `GET /{id}`: a person (`me`), a Page, a Page post or a photo. */
export const getObject: Handler = (call) => {
  const { ctx, req, path } = call
  const id = path.id ?? ''
  const fields = req.params.get('fields')
  const token = facebookToken(call)
  const post = livePost(ctx, id)
  if (post) return json(200, selectFields(post, fieldsOrDefault(fields, POST_DEFAULTS), postResolvers(call), postUnknownField))
  const photo = ctx.store.fbPhotos.get(id)
  if (photo && photo.deletedAt === null) {
    return json(
      200,
      selectFields(photo, fieldsOrDefault(fields, 'created_time,id'), photoResolvers, (name) =>
        nonexistingField('facebook', name, 'Photo'),
      ),
    )
  }
  const node = nodeOf(call, token, id)
  const requested = fieldsOrDefault(fields, 'id,name')
  return json(
    200,
    node.kind === 'user'
      ? selectFields(node.person, requested, personResolvers(call, token), userUnknownField)
      : selectFields(node.page, requested, pageResolvers(call, token), pageUnknownField),
  )
}

/** `POST /{post-id}`: edit the message of a post this app made. */
export const updatePost: Handler = (call) => {
  const { ctx, req, path } = call
  const post = livePost(ctx, path.id ?? '')
  if (!post) throw unsupportedRequest('facebook', req.method, path.id ?? '')
  const { token } = pageForWrite(call, post.pageId)
  if (post.appId !== token.appId) throw invalidParameter('facebook', '(#100) An app can only edit posts it created')
  const message = req.params.get('message')
  if (message === undefined) throw invalidParameter('facebook', '(#100) Nothing to update: send message')
  post.message = message
  post.updatedAt = ctx.clock.now()
  return json(200, { success: true })
}

/** `DELETE /{post-id}` (or a photo id) with the Page's token. */
export const deleteObject: Handler = (call) => {
  const { ctx, req, path } = call
  const id = path.id ?? ''
  const post = livePost(ctx, id)
  const photo = ctx.store.fbPhotos.get(id)
  const pageId = post?.pageId ?? (photo && photo.deletedAt === null ? photo.pageId : undefined)
  if (pageId === undefined) throw unsupportedRequest('facebook', req.method, id)
  pageForWrite(call, pageId)
  const now = ctx.clock.now()
  if (post) post.deletedAt = now
  if (photo) photo.deletedAt = now
  return json(200, { success: true })
}
