import { z } from 'zod'
import { getEnv, type Env } from '../../env.ts'
import { createMetaHttp, type MetaHttpOptions, type MetaParams, type MetaResponse } from '../http.ts'
import { appCredentials, authorizationUrl } from '../meta-app.ts'
import { metaPermalink } from '../meta-links.ts'
import { createdObject, expiringTokenGrant, metaId, tokenInfo, type MetaTokenInfo } from '../meta-schemas.ts'

// Meta's Threads API (meta-api.md §1). Token endpoints are unversioned; everything else is under
// /v1.0. Threads documents no appsecret_proof and no endpoint to revoke a grant (a person removes
// the app in Threads' settings, and Meta calls the Uninstall callback), so this client has neither.

const API_VERSION = 'v1.0'

export const THREADS_SCOPES = [
  'threads_basic',
  'threads_content_publish',
  'threads_delete',
  'threads_keyword_search',
  'threads_location_tagging',
  'threads_manage_insights',
  'threads_manage_mentions',
  'threads_manage_replies',
  'threads_profile_discovery',
  'threads_read_replies',
] as const
export type ThreadsScope = (typeof THREADS_SCOPES)[number]

export interface ThreadsClientConfig extends MetaHttpOptions {
  /** e.g. https://graph.threads.net */
  apiUrl: string
  /** e.g. https://threads.net/oauth/authorize */
  authorizeUrl: string
  appId: string
  appSecret: string
}

export type ThreadsReplyControl = 'everyone' | 'accounts_you_follow' | 'mentioned_only' | 'parent_post_author_only' | 'followers_only'

interface ContainerOptions {
  replyToId?: string
  replyControl?: ThreadsReplyControl
  /** 1–50 characters, no `.` or `&`; one per post. */
  topicTag?: string
}

interface MediaOptions extends ContainerOptions {
  text?: string
  altText?: string
  /** A child of a carousel, published through its CAROUSEL parent. */
  isCarouselItem?: boolean
}

export type ThreadsContainerInput =
  | (ContainerOptions & { mediaType: 'TEXT'; text: string; linkAttachment?: string; autoPublishText?: boolean })
  | (MediaOptions & { mediaType: 'IMAGE'; imageUrl: string })
  | (MediaOptions & { mediaType: 'VIDEO'; videoUrl: string })
  | (ContainerOptions & { mediaType: 'CAROUSEL'; children: readonly string[]; text?: string })

export type ThreadsContainerState = 'IN_PROGRESS' | 'FINISHED' | 'PUBLISHED' | 'ERROR' | 'EXPIRED'

const shortLivedToken = z
  .object({ access_token: z.string().min(1), user_id: metaId })
  .transform((t) => ({ accessToken: t.access_token, userId: t.user_id }))

const profile = z
  .object({
    id: metaId,
    username: z.string(),
    name: z.string().optional(),
    threads_profile_picture_url: z.string().optional(),
    threads_biography: z.string().optional(),
    is_verified: z.boolean().optional(),
  })
  .transform((p) => ({
    id: p.id,
    username: p.username,
    name: p.name,
    profilePictureUrl: p.threads_profile_picture_url,
    biography: p.threads_biography,
    isVerified: p.is_verified ?? false,
  }))

const containerStatus = z
  .object({
    id: metaId,
    status: z.enum(['IN_PROGRESS', 'FINISHED', 'PUBLISHED', 'ERROR', 'EXPIRED']),
    error_message: z.string().optional(),
  })
  .transform((c) => ({ id: c.id, status: c.status, errorMessage: c.error_message }))

const MEDIA_FIELDS = 'id,text,timestamp,permalink'

const media = z
  .object({ id: metaId, text: z.string().optional(), timestamp: z.string().optional(), permalink: z.string().optional() })
  .transform((m) => ({ id: m.id, text: m.text, timestamp: m.timestamp, permalink: metaPermalink(m.permalink) }))

const deleted = z.object({ success: z.literal(true), deleted_id: metaId.optional() }).transform((d) => ({ deletedId: d.deleted_id }))

const mediaList = z.object({ data: z.array(media) }).transform(({ data }) => data)

const quota = z.object({
  quota_usage: z.number().int(),
  config: z.object({ quota_total: z.number().int(), quota_duration: z.number().int() }),
})

const publishingLimit = z.object({ data: z.tuple([quota], quota) }).transform(({ data: [limit] }) => ({
  used: limit.quota_usage,
  total: limit.config.quota_total,
  windowSeconds: limit.config.quota_duration,
}))

export type ThreadsShortLivedToken = z.output<typeof shortLivedToken>
export type ThreadsLongLivedToken = z.output<typeof expiringTokenGrant>
export type ThreadsProfile = z.output<typeof profile>
export type ThreadsContainerStatus = z.output<typeof containerStatus>
export type ThreadsMedia = z.output<typeof media>
export type ThreadsPublishingLimit = z.output<typeof publishingLimit>

function containerParams(input: ThreadsContainerInput): MetaParams {
  const common = {
    media_type: input.mediaType,
    text: input.text,
    reply_to_id: input.replyToId,
    reply_control: input.replyControl,
    topic_tag: input.topicTag,
  }
  switch (input.mediaType) {
    case 'TEXT':
      return { ...common, link_attachment: input.linkAttachment, auto_publish_text: input.autoPublishText }
    case 'IMAGE':
      return { ...common, image_url: input.imageUrl, alt_text: input.altText, is_carousel_item: input.isCarouselItem }
    case 'VIDEO':
      return { ...common, video_url: input.videoUrl, alt_text: input.altText, is_carousel_item: input.isCarouselItem }
    case 'CAROUSEL':
      return { ...common, children: input.children.join(',') }
  }
}

export function createThreadsClient(config: ThreadsClientConfig) {
  const send = createMetaHttp('threads', config)
  const base = config.apiUrl.replace(/\/+$/, '')
  const unversioned = (path: string) => `${base}${path}`
  const node = (...segments: string[]) => `${base}/${API_VERSION}/${segments.map(encodeURIComponent).join('/')}`

  return {
    /** Where to send the person to approve Duopost; `threads_basic` is always requested (Meta requires it). */
    authorizeUrl(input: { redirectUri: string; state: string; scopes: readonly ThreadsScope[] }): string {
      const scopes = [...new Set<ThreadsScope>(['threads_basic', ...input.scopes])]
      return authorizationUrl(config.authorizeUrl, { appId: config.appId, ...input, scopes })
    },

    /** Trades the one-time code for a token valid for one hour. */
    exchangeCode(input: { code: string; redirectUri: string }): Promise<MetaResponse<ThreadsShortLivedToken>> {
      const params = {
        client_id: config.appId,
        client_secret: config.appSecret,
        code: input.code,
        grant_type: 'authorization_code',
        redirect_uri: input.redirectUri,
      }
      return send({ method: 'POST', url: unversioned('/oauth/access_token'), params }, shortLivedToken)
    },

    /** Trades an unexpired short-lived token for one valid about 60 days. */
    exchangeForLongLived(shortLivedToken: string): Promise<MetaResponse<ThreadsLongLivedToken>> {
      const params = { grant_type: 'th_exchange_token', client_secret: config.appSecret, access_token: shortLivedToken }
      return send({ method: 'GET', url: unversioned('/access_token'), params }, expiringTokenGrant)
    },

    /** A new 60-day token; Meta requires the current one to be unexpired and at least 24 hours old. */
    refreshLongLived(longLivedToken: string): Promise<MetaResponse<ThreadsLongLivedToken>> {
      const params = { grant_type: 'th_refresh_token', access_token: longLivedToken }
      return send({ method: 'GET', url: unversioned('/refresh_access_token'), params }, expiringTokenGrant)
    },

    /** What Meta knows about a token: validity and expiry as Meta sees them, asked with the app token. */
    debugToken(inputToken: string): Promise<MetaResponse<MetaTokenInfo>> {
      const params = { input_token: inputToken, access_token: `TH|${config.appId}|${config.appSecret}` }
      return send({ method: 'GET', url: node('debug_token'), params }, tokenInfo)
    },

    getProfile(token: string): Promise<MetaResponse<ThreadsProfile>> {
      const params = {
        fields: 'id,username,name,threads_profile_picture_url,threads_biography,is_verified',
        access_token: token,
      }
      return send({ method: 'GET', url: node('me'), params }, profile)
    },

    /** Step one of publishing: Meta fetches any media now and processes it before publishing. */
    createContainer(token: string, input: ThreadsContainerInput): Promise<MetaResponse<{ id: string }>> {
      const params = { ...containerParams(input), access_token: token }
      return send({ method: 'POST', url: node('me', 'threads'), params }, createdObject)
    },

    /** Publish only once the status is FINISHED (Meta answers 24/4279009 before that). */
    getContainerStatus(token: string, containerId: string): Promise<MetaResponse<ThreadsContainerStatus>> {
      const params = { fields: 'id,status,error_message', access_token: token }
      return send({ method: 'GET', url: node(containerId), params }, containerStatus)
    },

    /** Returns the id of the published post. */
    publishContainer(token: string, containerId: string): Promise<MetaResponse<{ id: string }>> {
      const params = { creation_id: containerId, access_token: token }
      return send({ method: 'POST', url: node('me', 'threads_publish'), params }, createdObject)
    },

    getMedia(token: string, mediaId: string): Promise<MetaResponse<ThreadsMedia>> {
      const params = { fields: MEDIA_FIELDS, access_token: token }
      return send({ method: 'GET', url: node(mediaId), params }, media)
    },

    /** The profile's latest posts, newest first: enough to find a post whose outcome was unknown. */
    listRecentPosts(token: string, limit = 25): Promise<MetaResponse<ThreadsMedia[]>> {
      const params = { fields: MEDIA_FIELDS, limit, access_token: token }
      return send({ method: 'GET', url: node('me', 'threads'), params }, mediaList)
    },

    /** Needs `threads_delete`; Meta allows 100 deletions per profile in a rolling 24 hours. */
    deletePost(token: string, mediaId: string): Promise<MetaResponse<{ deletedId: string | undefined }>> {
      return send({ method: 'DELETE', url: node(mediaId), params: { access_token: token } }, deleted)
    },

    /** Posts published through the API in Meta's rolling window (250 per 24 hours). */
    getPublishingLimit(token: string): Promise<MetaResponse<ThreadsPublishingLimit>> {
      const params = { fields: 'quota_usage,config', access_token: token }
      return send({ method: 'GET', url: node('me', 'threads_publishing_limit'), params }, publishingLimit)
    },
  }
}

export type ThreadsClient = ReturnType<typeof createThreadsClient>

export function threadsClientFromEnv(env: Env = getEnv()): ThreadsClient {
  return createThreadsClient({
    apiUrl: env.THREADS_API_URL,
    authorizeUrl: env.THREADS_AUTHORIZE_URL,
    timeoutMs: env.META_TIMEOUT_MS,
    ...appCredentials('threads', env.THREADS_APP_ID, env.THREADS_APP_SECRET),
  })
}
