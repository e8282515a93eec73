import { z } from 'zod'
import { getEnv, type Env } from '../../env.ts'
import { createMetaHttp, type MetaFile, type MetaHttpOptions, type MetaParams, type MetaRequest, type MetaResponse } from '../http.ts'
import { appCredentials, authorizationUrl } from '../meta-app.ts'
import { metaPermalink } from '../meta-links.ts'
import { MetaApiError, classifyUnexpectedResponse } from '../meta-error.ts'
import { createdObject, metaId, tokenInfo, tokenGrant, type MetaTokenInfo } from '../meta-schemas.ts'
import { appsecretProof } from './appsecret-proof.ts'

// Facebook Login and the Graph API for Pages (meta-api.md §2, §3). Every call that carries an
// access token also carries appsecret_proof, so the app works with "Require App Secret" turned on.

export interface FacebookClientConfig extends MetaHttpOptions {
  /** e.g. https://graph.facebook.com */
  graphUrl: string
  /** The login dialog's full URL, e.g. https://www.facebook.com/v25.0/dialog/oauth. */
  authorizeUrl: string
  /** e.g. v25.0 */
  graphVersion: string
  appId: string
  appSecret: string
  /** Clock for appsecret_time; Meta rejects proofs older than 5 minutes. */
  now?: () => number
}

/** The Page task that allows publishing as the Page (meta-api.md §2.6, §2.9). */
const PUBLISH_TASK = 'CREATE_CONTENT'
const PAGE_FIELDS = 'id,name,access_token,tasks,picture'
// Meta's own default page size; a person with many Pages gets them over several calls.
const PAGE_LIMIT = 25
const POST_FIELDS = 'id,message,created_time,permalink_url,attachments'

const me = z.object({ id: metaId, name: z.string().optional() })

const permissions = z.object({ data: z.array(z.object({ permission: z.string(), status: z.string() })) }).transform(({ data }) => data)

// A Page listed without a token (a Business Page the person did not tick) cannot be used.
const page = z
  .object({
    id: metaId,
    name: z.string(),
    access_token: z.string().min(1).optional(),
    tasks: z.array(z.string()).default([]),
    picture: z.object({ data: z.object({ url: z.string() }) }).optional(),
  })
  .transform((p) => ({
    id: p.id,
    name: p.name,
    accessToken: p.access_token,
    tasks: p.tasks,
    canPublish: p.tasks.includes(PUBLISH_TASK),
    pictureUrl: p.picture?.data.url,
  }))

const paging = z.object({ cursors: z.object({ after: z.string() }).partial().optional(), next: z.string().optional() }).optional()
const listOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), paging })

const business = z.object({ id: metaId, name: z.string().optional() })

type ListedPage = z.output<typeof page>

/** A Page listed without a token cannot be used; one listed twice (own and business) counts once. */
function usable(pages: readonly ListedPage[]): FacebookPage[] {
  const withToken = pages.filter((p): p is FacebookPage => p.accessToken !== undefined)
  return [...new Map(withToken.map((p) => [p.id, p])).values()]
}

const success = z.object({ success: z.boolean() }).transform(({ success }) => success)

const photo = z.object({ id: metaId, post_id: metaId.optional() }).transform((p) => ({ id: p.id, postId: p.post_id }))

const attachments = z.object({ data: z.array(z.object({ type: z.string().optional() })) }).optional()

const post = z
  .object({
    id: metaId,
    message: z.string().optional(),
    created_time: z.string().optional(),
    permalink_url: z.string().optional(),
    attachments,
  })
  .transform((p) => ({
    id: p.id,
    message: p.message,
    createdTime: p.created_time,
    permalinkUrl: metaPermalink(p.permalink_url),
    /** What the post carries besides its text: `photo`, `share` (a link), `album`, ... */
    attachmentTypes: (p.attachments?.data ?? []).flatMap((a) => (a.type ? [a.type] : [])),
  }))

const offset = z.union([z.string(), z.number()]).transform(Number)
const uploadSession = z
  .object({ upload_session_id: z.string().min(1), video_id: metaId, start_offset: offset, end_offset: offset })
  .transform((s) => ({ sessionId: s.upload_session_id, videoId: s.video_id, start: s.start_offset, end: s.end_offset }))
const uploadWindow = z.object({ start_offset: offset, end_offset: offset }).transform((w) => ({ start: w.start_offset, end: w.end_offset }))

const postList = z.object({ data: z.array(post) }).transform(({ data }) => data)

export type FacebookUser = z.output<typeof me>
export type FacebookPermission = z.output<typeof permissions>[number]
export type FacebookPage = ListedPage & { accessToken: string }
export type FacebookTokenInfo = MetaTokenInfo
export type FacebookPhoto = z.output<typeof photo>
export type FacebookPost = z.output<typeof post>
export type FacebookToken = z.output<typeof tokenGrant>

export interface FacebookFeedPostInput {
  message: string
  link?: string
  /** Defaults to true. False with `scheduledPublishTime` schedules the post on Facebook's side. */
  published?: boolean
  /** Unix seconds, 10 minutes to 30 days ahead; needs `published: false`. */
  scheduledPublishTime?: number
  /** Photos uploaded with `published: false`, shown together in one post. */
  attachedPhotoIds?: readonly string[]
}

/** The bytes of a photo or video, sent as the multipart field `source`. */
export type FacebookUpload = { blob: Blob; fileName: string }

export interface FacebookPhotoInput {
  /** A public URL Meta downloads the image from; or `file`, the image's bytes. */
  url?: string
  file?: FacebookUpload
  caption?: string
  /** False uploads the photo for `attachedPhotoIds` without posting it on its own. */
  published?: boolean
  /** Alt text for screen readers (Meta's `alt_text_custom`). */
  altText?: string
}

export interface FacebookVideoInput {
  file: FacebookUpload
  /** The post's text. */
  description?: string
}

export function createFacebookClient(config: FacebookClientConfig) {
  const send = createMetaHttp('facebook', config)
  const now = config.now ?? Date.now
  const base = `${config.graphUrl.replace(/\/+$/, '')}/${config.graphVersion}`
  const graph = (...segments: string[]) => `${base}/${segments.map(encodeURIComponent).join('/')}`
  const appToken = `${config.appId}|${config.appSecret}`

  /** Adds the token and a fresh proof for it. */
  function withToken(token: string, params: MetaParams): MetaParams {
    return { ...params, access_token: token, ...appsecretProof(token, config.appSecret, now() / 1000) }
  }

  const call = <T>(method: MetaRequest['method'], token: string, url: string, params: MetaParams, schema: z.ZodType<T>, file?: MetaFile) =>
    send({ method, url, params: withToken(token, params), ...(file ? { file } : {}) }, schema)

  const source = (upload: FacebookUpload | undefined): MetaFile | undefined => upload && { field: 'source', ...upload }

  /** Follows Meta's cursors to the end of a list edge; `usage` is the last response's. */
  async function listAll<T extends z.ZodType>(
    token: string,
    url: string,
    params: MetaParams,
    item: T,
  ): Promise<MetaResponse<z.output<T>[]>> {
    const items: z.output<T>[] = []
    const seen = new Set<string>()
    let after: string | undefined
    for (;;) {
      const { data, usage } = await call('GET', token, url, { ...params, after }, listOf(item))
      items.push(...data.data)
      after = data.paging?.next ? data.paging.cursors?.after : undefined
      if (!after) return { data: items, usage }
      // A cursor Meta already gave would loop forever; report it rather than spin.
      if (seen.has(after)) {
        const failure = classifyUnexpectedResponse('facebook', 200, 'a list repeated a paging cursor')
        throw new MetaApiError({ platform: 'facebook', method: 'GET', path: new URL(url).pathname }, failure)
      }
      seen.add(after)
    }
  }

  return {
    /** The Facebook Login dialog; the person picks the Pages Duopost may use there. */
    authorizeUrl(input: { redirectUri: string; state: string; scopes: readonly string[] }): string {
      return authorizationUrl(config.authorizeUrl, { appId: config.appId, ...input })
    },

    /** Trades the one-time code for a short-lived user token. */
    exchangeCode(input: { code: string; redirectUri: string }): Promise<MetaResponse<FacebookToken>> {
      const params = {
        client_id: config.appId,
        client_secret: config.appSecret,
        redirect_uri: input.redirectUri,
        code: input.code,
      }
      return send({ method: 'GET', url: graph('oauth', 'access_token'), params }, tokenGrant)
    },

    /** A user token valid about 60 days; Page tokens read with it do not expire. */
    exchangeForLongLived(shortLivedToken: string): Promise<MetaResponse<FacebookToken>> {
      const params = {
        grant_type: 'fb_exchange_token',
        client_id: config.appId,
        client_secret: config.appSecret,
        fb_exchange_token: shortLivedToken,
      }
      return send({ method: 'GET', url: graph('oauth', 'access_token'), params }, tokenGrant)
    },

    getMe(userToken: string): Promise<MetaResponse<FacebookUser>> {
      return call('GET', userToken, graph('me'), { fields: 'id,name' }, me)
    },

    getPermissions(userToken: string): Promise<MetaResponse<FacebookPermission[]>> {
      return call('GET', userToken, graph('me', 'permissions'), {}, permissions)
    },

    /** The Pages on /me/accounts: those the person reaches through a Page role of their own. */
    async listPages(userToken: string, options: { pageSize?: number } = {}): Promise<MetaResponse<FacebookPage[]>> {
      const limit = options.pageSize ?? PAGE_LIMIT
      const { data, usage } = await listAll(userToken, graph('me', 'accounts'), { fields: PAGE_FIELDS, limit }, page)
      return { data: usable(data), usage }
    },

    /**
     * The Pages a Business owns or manages for the person: they appear only through each of their
     * Businesses, never on /me/accounts (meta-api.md §2.6). Needs business_management.
     */
    async listBusinessPages(userToken: string, options: { pageSize?: number } = {}): Promise<MetaResponse<FacebookPage[]>> {
      const limit = options.pageSize ?? PAGE_LIMIT
      const businesses = await listAll(userToken, graph('me', 'businesses'), { fields: 'id,name', limit }, business)
      const pages: ListedPage[] = []
      let usage = businesses.usage
      for (const { id } of businesses.data) {
        for (const edge of ['owned_pages', 'client_pages']) {
          const listed = await listAll(userToken, graph(id, edge), { fields: PAGE_FIELDS, limit }, page)
          pages.push(...listed.data)
          usage = listed.usage
        }
      }
      return { data: usable(pages), usage }
    },

    /** What Meta knows about any token, asked with the app token as Meta requires. */
    debugToken(inputToken: string): Promise<MetaResponse<FacebookTokenInfo>> {
      return call('GET', appToken, graph('debug_token'), { input_token: inputToken }, tokenInfo)
    },

    /** Removes every permission the person gave Duopost (disconnect). */
    revokePermissions(userToken: string): Promise<MetaResponse<boolean>> {
      return call('DELETE', userToken, graph('me', 'permissions'), {}, success)
    },

    postToFeed(pageToken: string, pageId: string, input: FacebookFeedPostInput): Promise<MetaResponse<{ id: string }>> {
      const params = {
        message: input.message,
        link: input.link,
        published: input.published,
        scheduled_publish_time: input.scheduledPublishTime,
        attached_media: input.attachedPhotoIds && JSON.stringify(input.attachedPhotoIds.map((id) => ({ media_fbid: id }))),
      }
      return call('POST', pageToken, graph(pageId, 'feed'), params, createdObject)
    },

    postPhoto(pageToken: string, pageId: string, input: FacebookPhotoInput): Promise<MetaResponse<FacebookPhoto>> {
      const params = { url: input.url, caption: input.caption, published: input.published, alt_text_custom: input.altText }
      return call('POST', pageToken, graph(pageId, 'photos'), params, photo, source(input.file))
    },

    /** A Page video, uploaded in one request; Meta makes it a post of the Page with `description` as its text. */
    postVideo(pageToken: string, pageId: string, input: FacebookVideoInput): Promise<MetaResponse<{ id: string }>> {
      return call('POST', pageToken, graph(pageId, 'videos'), { description: input.description }, createdObject, source(input.file))
    },

    /**
     * A Page video in Meta's resumable upload: start (the size), then each chunk Meta asks for
     * (`start_offset` to `end_offset`) as `video_file_chunk`, then finish, which makes the post.
     * Only finish makes anything visible; the answer is the video's id.
     */
    async postVideoResumable(pageToken: string, pageId: string, input: FacebookVideoInput): Promise<MetaResponse<{ id: string }>> {
      const url = graph(pageId, 'videos')
      const { blob, fileName } = input.file
      const { data: session } = await call('POST', pageToken, url, { upload_phase: 'start', file_size: blob.size }, uploadSession)
      let window = { start: session.start, end: session.end }
      while (window.start < window.end) {
        const chunk = { field: 'video_file_chunk', blob: blob.slice(window.start, window.end), fileName }
        const params = { upload_phase: 'transfer', upload_session_id: session.sessionId, start_offset: window.start }
        window = (await call('POST', pageToken, url, params, uploadWindow, chunk)).data
      }
      const finish = { upload_phase: 'finish', upload_session_id: session.sessionId, description: input.description }
      const { usage } = await call('POST', pageToken, url, finish, success)
      return { data: { id: session.videoId }, usage }
    },

    /** The Page's most recent posts, newest first: enough to find a post whose outcome was unknown. */
    getFeed(pageToken: string, pageId: string, options: { limit?: number; since?: number } = {}): Promise<MetaResponse<FacebookPost[]>> {
      const params = { fields: POST_FIELDS, limit: options.limit ?? 25, since: options.since }
      return call('GET', pageToken, graph(pageId, 'feed'), params, postList)
    },

    getPost(pageToken: string, postId: string): Promise<MetaResponse<FacebookPost>> {
      return call('GET', pageToken, graph(postId), { fields: POST_FIELDS }, post)
    },

    /** Replaces a Page post's text; Meta lets an app edit only the posts it made. */
    editPost(pageToken: string, postId: string, message: string): Promise<MetaResponse<boolean>> {
      return call('POST', pageToken, graph(postId), { message }, success)
    },

    deletePost(pageToken: string, postId: string): Promise<MetaResponse<boolean>> {
      return call('DELETE', pageToken, graph(postId), {}, success)
    },
  }
}

export type FacebookClient = ReturnType<typeof createFacebookClient>

export function facebookClientFromEnv(env: Env = getEnv()): FacebookClient {
  return createFacebookClient({
    graphUrl: env.FACEBOOK_GRAPH_URL,
    authorizeUrl: env.FACEBOOK_AUTHORIZE_URL,
    graphVersion: env.FACEBOOK_GRAPH_VERSION,
    timeoutMs: env.META_TIMEOUT_MS,
    ...appCredentials('facebook', env.FACEBOOK_APP_ID, env.FACEBOOK_APP_SECRET),
  })
}
