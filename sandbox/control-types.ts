// The JSON contract of the `/__sandbox/` control API, shared by the server and the typed client so
// the two cannot drift apart.

export type Platform = 'threads' | 'facebook'

export type PageTask = 'ANALYZE' | 'ADVERTISE' | 'MODERATE' | 'CREATE_CONTENT' | 'MANAGE' | 'MESSAGING'

export type ThreadsMediaType = 'TEXT' | 'IMAGE' | 'VIDEO' | 'CAROUSEL'

/** Meta's documented `error_message` values for a container in status `ERROR` (spelling is Meta's). */
export type ThreadsContainerErrorMessage =
  | 'FAILED_DOWNLOADING_VIDEO'
  | 'FAILED_PROCESSING_AUDIO'
  | 'FAILED_PROCESSING_VIDEO'
  | 'INVALID_ASPEC_RATIO'
  | 'INVALID_BIT_RATE'
  | 'INVALID_DURATION'
  | 'INVALID_FRAME_RATE'
  | 'INVALID_AUDIO_CHANNELS'
  | 'INVALID_AUDIO_CHANNEL_LAYOUT'
  | 'UNKNOWN'

/** Stable names of the Meta routes the sandbox serves; faults and the call log use them. */
export type RouteName =
  | 'threads.authorize'
  | 'threads.oauth.access_token'
  | 'threads.access_token'
  | 'threads.refresh_access_token'
  | 'threads.debug_token'
  | 'threads.profile_lookup'
  | 'threads.profile_posts'
  | 'threads.containers.create'
  | 'threads.threads.list'
  | 'threads.publish'
  | 'threads.publishing_limit'
  | 'threads.object.get'
  | 'threads.object.delete'
  | 'facebook.dialog'
  | 'facebook.oauth.access_token'
  | 'facebook.debug_token'
  | 'facebook.permissions'
  | 'facebook.permissions.delete'
  | 'facebook.accounts'
  | 'facebook.businesses'
  | 'facebook.business_pages'
  | 'facebook.feed.create'
  | 'facebook.feed.list'
  | 'facebook.scheduled_posts.list'
  | 'facebook.photos.create'
  | 'facebook.videos.create'
  | 'facebook.object.get'
  | 'facebook.object.update'
  | 'facebook.object.delete'

export interface AppInput {
  platform: Platform
  id?: string
  secret?: string
  name?: string
  redirectUris: string[]
  /** Facebook only; Meta's "Require App Secret" switch. Defaults to true. */
  requireAppSecretProof?: boolean
  /** Facebook Login's "Deauthorize Callback URL"; on a Threads app, the "Uninstall Callback URL". */
  deauthorizeCallbackUrl?: string
  /** Facebook's "Data Deletion Request URL"; on a Threads app, the "Delete Callback URL". */
  dataDeletionCallbackUrl?: string
}

export interface SandboxApp {
  platform: Platform
  id: string
  secret: string
  name: string
  redirectUris: string[]
  requireAppSecretProof: boolean
  deauthorizeCallbackUrl: string | null
  dataDeletionCallbackUrl: string | null
}

export type AppPatch = Partial<Omit<AppInput, 'platform' | 'id'>>

export interface ThreadsProfileInput {
  /** A 17-digit id starting 178414; generated when left out. Fixed ids let a demo survive restarts. */
  id?: string
  username?: string
  name?: string
  biography?: string
  profilePictureUrl?: string
  isVerified?: boolean
}

export interface PageInput {
  /** A Facebook id (digits); generated when left out. */
  id?: string
  name?: string
  category?: string
  tasks?: PageTask[]
}

/**
 * A Business Manager portfolio with the person as its member. Its Pages reach the person only
 * through the business (`/me/businesses`, then `owned_pages` / `client_pages`), with the tasks
 * given (all of them by default).
 */
export interface BusinessInput {
  name?: string
  /** A number creates that many Pages with generated names. */
  ownedPages?: number | PageInput[]
  clientPages?: number | PageInput[]
}

export interface PersonInput {
  /** A Facebook id (digits); generated when left out. */
  id?: string
  name?: string
  email?: string
  /** `true` creates a profile with defaults derived from the name. */
  threads?: ThreadsProfileInput | boolean
  /** Pages the person has a role on themselves (`/me/accounts`). A number creates that many Pages with generated names. */
  pages?: number | PageInput[]
  businesses?: BusinessInput[]
  /** Make this person the one signed in on the consent pages. */
  signIn?: boolean
}

export interface SandboxThreadsProfile {
  id: string
  username: string
  name: string
  biography: string
  profilePictureUrl: string
  isVerified: boolean
  viewUrl: string
}

export interface SandboxPage {
  id: string
  name: string
  category: string
  tasks: PageTask[]
  viewUrl: string
}

export interface SandboxBusiness {
  id: string
  name: string
  ownedPages: SandboxPage[]
  clientPages: SandboxPage[]
}

export interface SandboxPerson {
  id: string
  name: string
  email: string
  threads: SandboxThreadsProfile | null
  /** The Pages of `/me/accounts`; business Pages are under `businesses`. */
  pages: SandboxPage[]
  businesses: SandboxBusiness[]
}

export interface CodeInput {
  appId: string
  personId: string
  scopes?: string[]
  /** Defaults to the app's first registered redirect URI. */
  redirectUri?: string
  /** Facebook only: the Pages the person picked; defaults to all their Pages, business Pages included. */
  pageIds?: string[]
}

export interface IssuedCode {
  code: string
  redirectUri: string
}

export interface TokenInput {
  appId: string
  personId: string
  scopes?: string[]
  lifetime?: 'short' | 'long'
  /** Facebook only: return the Page token for this Page, derived from the user token. */
  pageId?: string
  pageIds?: string[]
}

export interface IssuedToken {
  accessToken: string
  kind: 'threads_user' | 'fb_user' | 'fb_page'
  userId: string
  pageId: string | null
  issuedAt: string
  expiresAt: string | null
  /** The user token a Page token derives from. */
  userAccessToken: string | null
}

export interface ClockState {
  now: string
  nowMs: number
  offsetMs: number
}

export interface DurationInput {
  ms?: number
  seconds?: number
  minutes?: number
  hours?: number
  days?: number
}

export interface SandboxConfig {
  /** Added to every Meta API call (not to control calls). */
  latencyMs: number
  /** How long a new container stays IN_PROGRESS, in sandbox-clock milliseconds. */
  processingMs: Record<ThreadsMediaType, number>
}

export type ConfigPatch = {
  latencyMs?: number
  processingMs?: Partial<Record<ThreadsMediaType, number>>
}

export interface FaultErrorInput {
  code: number
  error_subcode?: number
  message?: string
  type?: string
  is_transient?: boolean
  error_user_title?: string
  error_user_msg?: string
  /** HTTP status; defaults to the one Meta uses for the code. */
  status?: number
  /** For rate-limit codes: the `estimated_time_to_regain_access` reported in the usage headers. */
  regainAccessMinutes?: number
}

export interface FaultInput {
  /** Which calls the fault applies to; every given condition must match. */
  route?: RouteName
  method?: string
  /** Glob over the request path: `*` is one segment, `**` any number of segments. */
  path?: string
  /** How many matching calls it affects; defaults to 1. */
  times?: number
  /** Let this many matching calls through untouched first (the second status read, say); defaults to 0. */
  skip?: number
  error?: FaultErrorInput
  /** Answer this much later (real milliseconds). */
  delayMs?: number
  /** Close the connection without answering. */
  drop?: boolean
  /**
   * Do the call first (a post is made, a container published), then answer with `error`, `reply`,
   * `drop` or `delayMs`: the lost answer after Meta acted. Without it, a fault replaces the call.
   */
  afterEffect?: boolean
  /** Answer this status and body verbatim (a proxy's HTML 502, say); `content-type` defaults to text/html. */
  reply?: FaultReplyInput
}

export interface FaultReplyInput {
  status: number
  body?: string
  contentType?: string
}

export interface Fault extends FaultInput {
  id: string
  remaining: number
}

export interface MediaRuleInput {
  /** Applies to media URLs containing this text. */
  match: string
  /** `ok` skips the real download and treats the URL as reachable; `fail` as unreachable. */
  fetch?: 'ok' | 'fail'
  contentType?: string
  /** Threads containers using a matching URL end in status ERROR with this message. */
  errorMessage?: ThreadsContainerErrorMessage
}

export interface MediaRule extends MediaRuleInput {
  id: string
}

export type InvalidateReason = 'password_changed' | 'app_removed' | 'page_role_lost' | 'expired' | 'invalid'

export interface InvalidateInput {
  reason: InvalidateReason
  personId?: string
  appId?: string
  pageId?: string
  /** Required for `expired` and `invalid`, which target one token. */
  token?: string
}

export interface CallRecord {
  seq: number
  /** When the call arrived, before any configured latency. */
  receivedAt: string
  /** When it was answered (or dropped). */
  at: string
  method: string
  path: string
  route: RouteName | null
  platform: Platform | null
  query: Record<string, string>
  body: Record<string, string>
  files: { field: string; filename: string; contentType: string; size: number }[]
  status: number
  error: { code: number; error_subcode?: number; message: string } | null
  fault: string | null
}

export interface CallFilter {
  route?: RouteName
  method?: string
  pathContains?: string
}

export interface ThreadsPostRecord {
  platform: 'threads'
  id: string
  containerId: string
  profileId: string
  username: string
  mediaType: 'TEXT_POST' | 'IMAGE' | 'VIDEO' | 'CAROUSEL_ALBUM'
  text: string | null
  mediaUrls: string[]
  permalink: string
  publishedAt: string
  deletedAt: string | null
  replyToId: string | null
  params: Record<string, string>
}

export interface FacebookPostRecord {
  platform: 'facebook'
  id: string
  pageId: string
  message: string | null
  link: string | null
  photoUrls: string[]
  /** The Page video this post shows, as the sandbox serves it. */
  videoUrl: string | null
  published: boolean
  scheduledPublishTime: string | null
  createdAt: string
  permalink: string
  deletedAt: string | null
  params: Record<string, string>
}

export type PostRecord = ThreadsPostRecord | FacebookPostRecord

export interface PostFilter {
  platform?: Platform
  /** A Threads profile id or a Page id. */
  targetId?: string
}

export type CallbackKind = 'deauthorize' | 'data_deletion'

export interface CallbackInput {
  kind: CallbackKind
  appId: string
  personId: string
  /** Must be the URL the app registered for this kind; defaults to it. */
  url?: string
}

export interface CallbackResult {
  url: string
  status: number
  body: string
  signedRequest: string
  payload: Record<string, unknown>
  /** For data deletion: what is wrong with the app's answer (Meta wants `url` and `confirmation_code`). */
  problems: string[]
}

export interface SandboxState {
  clock: ClockState
  config: SandboxConfig
  signedInPersonId: string | null
  apps: SandboxApp[]
  people: SandboxPerson[]
  faults: Fault[]
  mediaRules: MediaRule[]
}
