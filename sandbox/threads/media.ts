import { metaTimestamp } from '../clock.ts'
import type { SandboxContext } from '../context.ts'
import { threadsPostUrl } from '../directory.ts'
import { nonexistingField, unsupportedRequest } from '../errors.ts'
import { fieldsOrDefault, selectFields, type FieldResolvers } from '../fields.ts'
import { json } from '../http.ts'
import { pagedNodes, timeWindow } from '../paging.ts'
import type { CallContext, Handler } from '../router.ts'
import type { ContainerRecord, ThreadsMediaRecord } from '../store.ts'
import { ownUserPath, threadsToken, threadsUser } from './auth.ts'
import { containerError, containerStatus } from './containers.ts'
import { profileFields, publicProfile } from './profile.ts'
import { checkQuota, recordQuota } from './quota.ts'

function profileOf(ctx: SandboxContext, media: ThreadsMediaRecord) {
  const profile = ctx.store.threadsProfiles.get(media.ownerId)
  if (!profile) throw new Error(`Media ${media.id} has no owner profile`)
  return profile
}

function rootOf(ctx: SandboxContext, media: ThreadsMediaRecord): string {
  let current = media
  for (
    let parent = ctx.store.threadsMedia.get(current.replyToId ?? '');
    parent;
    parent = ctx.store.threadsMedia.get(parent.replyToId ?? '')
  ) {
    current = parent
  }
  return current.id
}

export function permalinkOf(ctx: SandboxContext, origin: string, media: ThreadsMediaRecord): string {
  return threadsPostUrl(origin, profileOf(ctx, media).username, media.shortcode)
}

function mediaResolvers(call: CallContext): FieldResolvers<ThreadsMediaRecord> {
  const { ctx, req } = call
  const reply = <T>(m: ThreadsMediaRecord, value: T): T | undefined => (m.replyToId ? value : undefined)
  return {
    id: (m) => m.id,
    media_product_type: () => 'THREADS',
    media_type: (m) => m.mediaType,
    media_url: (m) => m.mediaUrl ?? undefined,
    gif_url: () => undefined,
    permalink: (m) => permalinkOf(ctx, req.origin, m),
    owner: (m) => ({ id: m.ownerId }),
    username: (m) => profileOf(ctx, m).username,
    text: (m) => m.text ?? undefined,
    timestamp: (m) => metaTimestamp(m.publishedAt),
    shortcode: (m) => m.shortcode,
    thumbnail_url: (m) => (m.mediaType === 'VIDEO' ? `${req.origin}/__sandbox/media/sample.png` : undefined),
    children: (m) => (m.children.length > 0 ? { data: m.children.map((id) => ({ id })) } : undefined),
    is_quote_post: (m) => m.quotePostId !== null,
    quoted_post: (m) => (m.quotePostId ? { id: m.quotePostId } : undefined),
    reposted_post: () => undefined,
    alt_text: (m) => m.altText ?? undefined,
    link_attachment_url: (m) => m.linkAttachment ?? undefined,
    has_replies: (m) => [...ctx.store.threadsMedia.values()].some((other) => other.replyToId === m.id && other.deletedAt === null),
    is_reply: (m) => m.replyToId !== null,
    is_reply_owned_by_me: (m) => reply(m, m.ownerId === threadsToken(call).personId),
    root_post: (m) => reply(m, { id: rootOf(ctx, m) }),
    replied_to: (m) => reply(m, { id: m.replyToId }),
    hide_status: (m) => reply(m, 'NOT_HUSHED'),
    reply_audience: (m) => (m.replyControl ?? 'everyone').toUpperCase(),
    poll_attachment: () => undefined,
    location_id: () => undefined,
    topic_tag: (m) => m.topicTag ?? undefined,
    is_verified: (m) => profileOf(ctx, m).isVerified,
    profile_picture_url: (m) => profileOf(ctx, m).profilePictureUrl,
    is_spoiler_media: () => false,
  }
}

const containerResolvers = (ctx: SandboxContext): FieldResolvers<ContainerRecord> => ({
  id: (c) => c.id,
  status: (c) => containerStatus(ctx, c),
  error_message: (c) => (containerStatus(ctx, c) === 'ERROR' ? (containerError(ctx, c) ?? undefined) : undefined),
})

function unknownField(name: string): Error {
  return nonexistingField('threads', name, 'ThreadsMedia')
}

export function liveMedia(ctx: SandboxContext, id: string): ThreadsMediaRecord | undefined {
  const media = ctx.store.threadsMedia.get(id)
  return media && media.deletedAt === null ? media : undefined
}

/** `GET /{id}`: a media object, one of the caller's containers, or the caller's own profile. */
export const getObject: Handler = (call) => {
  const { ctx, req, path } = call
  const token = threadsToken(call)
  const fields = req.params.get('fields')
  const container = ctx.store.containers.get(path.id ?? '')
  if (container && container.ownerId === ctx.store.profileOfPerson(token.personId ?? '')?.id) {
    return json(200, selectFields(container, fieldsOrDefault(fields, 'id,status'), containerResolvers(ctx), unknownField))
  }
  const media = liveMedia(ctx, path.id ?? '')
  if (media) return json(200, selectFields(media, fieldsOrDefault(fields, 'id'), mediaResolvers(call), unknownField))
  if (ctx.store.threadsProfiles.has(path.id ?? '')) {
    const user = threadsUser(call)
    ownUserPath(call, user, path.id ?? '')
    return json(200, profileFields(user.profile, fields))
  }
  throw unsupportedRequest('threads', req.method, path.id ?? '')
}

/** Newest first, without replies or carousel children, as `/threads` edges list them. */
function listPosts(call: CallContext, ownerId: string): ReturnType<Handler> {
  const within = timeWindow('threads', call.req)
  const posts = [...call.ctx.store.threadsMedia.values()]
    .filter((m) => m.ownerId === ownerId && m.deletedAt === null && !m.isCarouselChild && m.replyToId === null && within(m.publishedAt))
    .sort((a, b) => b.publishedAt - a.publishedAt)
  return pagedNodes('threads', call.req, posts, (m) => m.id, { defaults: 'id', resolvers: mediaResolvers(call), unknownField })
}

/** `GET /{threads-user-id}/threads` */
export const listOwnPosts: Handler = (call) => {
  const user = threadsUser(call)
  ownUserPath(call, user, call.path.user ?? '')
  return listPosts(call, user.profile.id)
}

/** `GET /profile_posts?username=`: another person's public posts. */
export const profilePosts: Handler = (call) => listPosts(call, publicProfile(call).id)

/** `DELETE /{media-id}`: the owner's post, within the 100-deletions-a-day quota. */
export const deleteMedia: Handler = (call) => {
  const { ctx, req, path } = call
  const user = threadsUser(call, 'threads_delete')
  const media = liveMedia(ctx, path.id ?? '')
  if (!media || media.ownerId !== user.profile.id || media.isCarouselChild) {
    throw unsupportedRequest('threads', req.method, path.id ?? '')
  }
  const overQuota = checkQuota(ctx, user.profile.id, 'delete')
  if (overQuota) throw overQuota
  const now = ctx.clock.now()
  for (const id of [media.id, ...media.children]) {
    const doomed = ctx.store.threadsMedia.get(id)
    if (doomed) doomed.deletedAt = now
  }
  recordQuota(ctx, user.profile.id, 'delete')
  return json(200, { success: true, deleted_id: media.id })
}
