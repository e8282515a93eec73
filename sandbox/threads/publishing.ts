import type { SandboxContext } from '../context.ts'
import type { ThreadsContainerErrorMessage, ThreadsMediaType } from '../control-types.ts'
import {
  containerNotReady,
  invalidParameter,
  missingPermission,
  nonexistingField,
  type GraphError,
  type GraphErrorFields,
} from '../errors.ts'
import { fieldsOrDefault, selectFields } from '../fields.ts'
import { booleanParam, json, type Params } from '../http.ts'
import { shortcode, threadsObjectId } from '../ids.ts'
import { fetchMedia, isHttpUrl } from '../media-fetch.ts'
import type { CallContext, Handler } from '../router.ts'
import type { ContainerRecord, ThreadsMediaKind, ThreadsMediaRecord } from '../store.ts'
import { ownUserPath, threadsUser, type ThreadsUser } from './auth.ts'
import { containerStatus } from './containers.ts'
import { liveMedia } from './media.ts'
import { checkQuota, QUOTA_WINDOW_SECONDS, QUOTAS, quotaUsage, recordQuota } from './quota.ts'
import { LINK_LIMIT, TEXT_LIMIT, threadsTextLength, uniqueLinks } from './text-rules.ts'

const MEDIA_TYPES: ThreadsMediaType[] = ['TEXT', 'IMAGE', 'VIDEO', 'CAROUSEL']
const REPLY_CONTROLS = ['everyone', 'accounts_you_follow', 'mentioned_only', 'parent_post_author_only', 'followers_only']
const ALT_TEXT_LIMIT = 1000
const CAROUSEL_MIN = 2
const CAROUSEL_MAX = 20

const PUBLISHED_KIND: Record<ThreadsMediaType, ThreadsMediaKind> = {
  TEXT: 'TEXT_POST',
  IMAGE: 'IMAGE',
  VIDEO: 'VIDEO',
  CAROUSEL: 'CAROUSEL_ALBUM',
}

function bad(message: string, extra: Partial<GraphErrorFields> = {}): GraphError {
  return invalidParameter('threads', message, extra)
}

function checkText(text: string | null, linkAttachment: string | null): void {
  if (text !== null && threadsTextLength(text) > TEXT_LIMIT) {
    throw bad(`Param text must be at most ${TEXT_LIMIT} characters long.`, {
      error_user_title: 'Post is too long',
      error_user_msg: `Threads posts can be at most ${TEXT_LIMIT} characters; emojis count as their UTF-8 byte length.`,
    })
  }
  if (uniqueLinks(text, linkAttachment).length > LINK_LIMIT) {
    throw bad(`THREADS_API__LINK_LIMIT_EXCEEDED: A post can contain at most ${LINK_LIMIT} unique links.`, {
      error_user_title: 'Too many links',
      error_user_msg: `Threads posts can contain at most ${LINK_LIMIT} unique links, the link attachment included.`,
    })
  }
}

function checkOptionalParams(params: Params, mediaType: ThreadsMediaType): void {
  const linkAttachment = params.get('link_attachment')
  if (linkAttachment !== undefined && (mediaType !== 'TEXT' || !isHttpUrl(linkAttachment))) {
    throw bad('(#100) link_attachment must be an http(s) URL and is only supported on TEXT posts')
  }
  const altText = params.get('alt_text')
  if (altText !== undefined && (mediaType === 'TEXT' || mediaType === 'CAROUSEL' || altText.length > ALT_TEXT_LIMIT)) {
    throw bad(`(#100) alt_text is only supported on IMAGE and VIDEO and is at most ${ALT_TEXT_LIMIT} characters`)
  }
  const topicTag = params.get('topic_tag')
  if (topicTag !== undefined && (topicTag.length > 50 || /[.&]/.test(topicTag))) {
    throw bad('(#100) topic_tag must be 1 to 50 characters without "." or "&"')
  }
  const replyControl = params.get('reply_control')
  if (replyControl !== undefined && !REPLY_CONTROLS.includes(replyControl)) {
    throw bad(`(#100) reply_control must be one of ${REPLY_CONTROLS.join(', ')}`)
  }
}

interface MediaOutcome {
  url: string | null
  errorMessage: ThreadsContainerErrorMessage | null
}

// Meta downloads the media while creating the container. An image it cannot fetch fails the call;
// a video fails later, as status ERROR with FAILED_DOWNLOADING_VIDEO.
async function checkMedia(ctx: SandboxContext, params: Params, mediaType: ThreadsMediaType): Promise<MediaOutcome> {
  if (mediaType !== 'IMAGE' && mediaType !== 'VIDEO') return { url: null, errorMessage: null }
  const param = mediaType === 'IMAGE' ? 'image_url' : 'video_url'
  const url = params.get(param)
  if (!url || !isHttpUrl(url)) throw bad(`(#100) The parameter ${param} is required and must be an http(s) URL`)
  const fetched = await fetchMedia(ctx, url)
  const kind = mediaType === 'IMAGE' ? 'image/' : 'video/'
  if (!fetched.ok && mediaType === 'IMAGE') {
    throw bad(`The media could not be fetched from this URI: ${url}`, {
      error_user_title: 'Media download failed',
      error_user_msg: `The image at ${url} could not be downloaded (${fetched.reason}).`,
    })
  }
  const fallback: ThreadsContainerErrorMessage | null = !fetched.ok
    ? 'FAILED_DOWNLOADING_VIDEO'
    : fetched.contentType.startsWith(kind)
      ? null
      : mediaType === 'IMAGE'
        ? 'UNKNOWN'
        : 'FAILED_PROCESSING_VIDEO'
  return { url, errorMessage: fetched.rule?.errorMessage ?? fallback }
}

function checkChildren(ctx: SandboxContext, user: ThreadsUser, raw: string | undefined): string[] {
  const ids = (raw ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean)
  if (ids.length < CAROUSEL_MIN || ids.length > CAROUSEL_MAX) {
    throw bad(`(#100) A carousel needs ${CAROUSEL_MIN} to ${CAROUSEL_MAX} children; got ${ids.length}`)
  }
  const taken = new Set([...ctx.store.containers.values()].flatMap((c) => c.children))
  const invalid = ids.find((id) => {
    const child = ctx.store.containers.get(id)
    return (
      !child || child.ownerId !== user.profile.id || !child.isCarouselItem || taken.has(id) || containerStatus(ctx, child) === 'EXPIRED'
    )
  })
  if (invalid !== undefined)
    throw bad(`(#100) Invalid carousel child ${invalid}: it must be an unused carousel item container of this user`)
  return ids
}

function referencedPost(ctx: SandboxContext, params: Params, name: string): string | null {
  const id = params.get(name)
  if (id === undefined) return null
  if (!liveMedia(ctx, id)) throw bad(`(#100) The parameter ${name} does not point to an existing Threads post: ${id}`)
  return id
}

function recordedParams(params: Params): Record<string, string> {
  return Object.fromEntries(params.entries().filter(([key]) => key !== 'access_token' && key !== 'appsecret_proof'))
}

function publishContainer(ctx: SandboxContext, container: ContainerRecord, asChild = false): ThreadsMediaRecord {
  const { ownerId, text, mediaUrl, altText, replyToId, quotePostId, linkAttachment, topicTag, replyControl } = container
  const media: ThreadsMediaRecord = {
    ownerId,
    text,
    mediaUrl,
    altText,
    replyToId,
    quotePostId,
    linkAttachment,
    topicTag,
    replyControl,
    id: threadsObjectId(),
    containerId: container.id,
    mediaType: PUBLISHED_KIND[container.mediaType],
    children: container.children.flatMap((id) => {
      const child = ctx.store.containers.get(id)
      return child ? [publishContainer(ctx, child, true).id] : []
    }),
    shortcode: shortcode(),
    publishedAt: ctx.clock.now(),
    deletedAt: null,
    isCarouselChild: asChild,
  }
  container.mediaId = media.id
  ctx.store.threadsMedia.set(media.id, media)
  return media
}

function publishWithinQuota(ctx: SandboxContext, container: ContainerRecord): ThreadsMediaRecord {
  const kind = container.replyToId ? 'reply' : 'post'
  const overQuota = checkQuota(ctx, container.ownerId, kind)
  if (overQuota) throw overQuota
  recordQuota(ctx, container.ownerId, kind)
  return publishContainer(ctx, container)
}

/** `POST /{threads-user-id}/threads`: a media container, validated as Meta validates it. */
export const createContainer: Handler = async (call) => {
  const { ctx, req } = call
  const { params } = req
  const user = threadsUser(call, 'threads_content_publish', ...(params.has('reply_to_id') ? ['threads_manage_replies'] : []))
  ownUserPath(call, user, call.path.user ?? '')
  const mediaType = params.get('media_type') as ThreadsMediaType | undefined
  if (!mediaType || !MEDIA_TYPES.includes(mediaType)) throw bad(`(#100) media_type must be one of ${MEDIA_TYPES.join(', ')}`)
  const isCarouselItem = booleanParam(params.get('is_carousel_item')) ?? false
  if (isCarouselItem && mediaType !== 'IMAGE' && mediaType !== 'VIDEO')
    throw bad('(#100) Only IMAGE and VIDEO containers can be carousel items')
  const autoPublish = booleanParam(params.get('auto_publish_text')) ?? false
  if (autoPublish && mediaType !== 'TEXT') throw bad('(#100) auto_publish_text is only supported for TEXT posts')
  const text = isCarouselItem ? null : (params.get('text') ?? null)
  const linkAttachment = params.get('link_attachment') ?? null
  if (mediaType === 'TEXT' && text === null && linkAttachment === null) throw bad('(#100) The parameter text is required for TEXT posts')
  checkText(text, linkAttachment)
  checkOptionalParams(params, mediaType)
  const children = mediaType === 'CAROUSEL' ? checkChildren(ctx, user, params.get('children')) : []
  const quotePostId = referencedPost(ctx, params, 'quote_post_id')
  const replyToId = referencedPost(ctx, params, 'reply_to_id')
  const media = await checkMedia(ctx, params, mediaType)
  const now = ctx.clock.now()
  const container: ContainerRecord = {
    id: threadsObjectId(),
    ownerId: user.profile.id,
    appId: user.token.appId,
    mediaType,
    isCarouselItem,
    text,
    mediaUrl: media.url,
    altText: params.get('alt_text') ?? null,
    children,
    replyToId,
    quotePostId,
    linkAttachment,
    topicTag: params.get('topic_tag') ?? null,
    replyControl: params.get('reply_control') ?? null,
    createdAt: now,
    readyAt: now + ctx.config.processingMs[mediaType],
    errorMessage: media.errorMessage,
    mediaId: null,
    params: recordedParams(params),
  }
  ctx.store.containers.set(container.id, container)
  // With auto_publish_text the answer is the published post's id, not the container's.
  if (autoPublish) return json(200, { id: publishWithinQuota(ctx, container).id })
  return json(200, { id: container.id })
}

/** `POST /{threads-user-id}/threads_publish?creation_id=`: only a FINISHED container publishes. */
export const publish: Handler = (call) => {
  const { ctx, req } = call
  const user = threadsUser(call, 'threads_content_publish')
  ownUserPath(call, user, call.path.user ?? '')
  const creationId = req.params.get('creation_id')
  if (!creationId) throw bad('(#100) The parameter creation_id is required')
  const container = ctx.store.containers.get(creationId)
  if (!container || container.ownerId !== user.profile.id) throw containerNotReady(creationId)
  if (container.isCarouselItem) throw bad('(#100) A carousel item is published through its CAROUSEL container')
  const status = containerStatus(ctx, container)
  if (status === 'PUBLISHED') throw bad(`(#100) The media container ${creationId} has already been published`)
  if (status !== 'FINISHED') throw containerNotReady(creationId)
  return json(200, { id: publishWithinQuota(ctx, container).id })
}

type LimitEntry = { value: (ctx: SandboxContext, profileId: string) => unknown; permission: string }

const config = (total: number) => () => ({ quota_total: total, quota_duration: QUOTA_WINDOW_SECONDS })

const LIMIT_FIELDS: Record<string, LimitEntry> = {
  quota_usage: { value: (ctx, id) => quotaUsage(ctx, id, 'post'), permission: 'threads_content_publish' },
  config: { value: config(QUOTAS.post), permission: 'threads_content_publish' },
  reply_quota_usage: { value: (ctx, id) => quotaUsage(ctx, id, 'reply'), permission: 'threads_manage_replies' },
  reply_config: { value: config(QUOTAS.reply), permission: 'threads_manage_replies' },
  delete_quota_usage: { value: (ctx, id) => quotaUsage(ctx, id, 'delete'), permission: 'threads_delete' },
  delete_config: { value: config(QUOTAS.delete), permission: 'threads_delete' },
  location_search_quota_usage: { value: () => 0, permission: 'threads_location_tagging' },
  location_search_config: { value: config(500), permission: 'threads_location_tagging' },
}

/** `GET /{threads-user-id}/threads_publishing_limit` */
export const publishingLimit: Handler = (call: CallContext) => {
  const user = threadsUser(call, 'threads_content_publish')
  ownUserPath(call, user, call.path.user ?? '')
  const requested = fieldsOrDefault(call.req.params.get('fields'), 'quota_usage,config')
  const resolvers = Object.fromEntries(
    Object.entries(LIMIT_FIELDS).map(([name, entry]) => [
      name,
      () => {
        if (!user.grant.scopes.includes(entry.permission)) throw missingPermission('threads', entry.permission)
        return entry.value(call.ctx, user.profile.id)
      },
    ]),
  )
  return json(200, {
    data: [selectFields(null, requested, resolvers, (name) => nonexistingField('threads', name, 'ThreadsPublishingLimit'))],
  })
}
