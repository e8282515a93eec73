import type { MediaRule, PageTask, Platform, SandboxApp, ThreadsContainerErrorMessage, ThreadsMediaType } from './control-types.ts'

export type AppRecord = SandboxApp

export interface PersonRecord {
  id: string
  name: string
  email: string
  /** Bumped by a password change; tokens from an earlier epoch fail with Meta's subcode 460. */
  sessionEpoch: number
}

export interface ThreadsProfileRecord {
  id: string
  personId: string
  username: string
  name: string
  biography: string
  profilePictureUrl: string
  isVerified: boolean
}

export interface PageRecord {
  id: string
  name: string
  category: string
  /** Who has a role on the Page, and which tasks the role allows. */
  roles: Map<string, PageTask[]>
  /**
   * Set for a Page its people reach only through Business Manager: such a Page is listed under
   * the business, never on `/me/accounts`.
   */
  business: { id: string; relation: BusinessPageRelation } | null
}

/** `owned_pages` or `client_pages` of the business. */
export type BusinessPageRelation = 'owned' | 'client'

/** A Business Manager portfolio; the sandbox gives each one a single member. */
export interface BusinessRecord {
  id: string
  name: string
  personId: string
  createdAt: number
}

/** What a person allowed an app on the consent page. */
export interface GrantRecord {
  appId: string
  personId: string
  scopes: string[]
  declined: string[]
  /** Facebook: the Pages picked on the consent page. */
  pageIds: string[]
  grantedAt: number
}

export interface AuthCodeRecord {
  code: string
  platform: Platform
  appId: string
  personId: string
  redirectUri: string
  issuedAt: number
  usedAt: number | null
}

export type TokenKind = 'threads_user' | 'threads_app' | 'fb_user' | 'fb_page' | 'fb_app'

export interface TokenRecord {
  value: string
  kind: TokenKind
  appId: string
  personId: string | null
  pageId: string | null
  issuedAt: number
  /** `null` never expires (Page tokens from a long-lived user token, app tokens). */
  expiresAt: number | null
  longLived: boolean
  /** The user token a Page token was derived from. */
  parent: string | null
  /** Set when the control API killed this one token. */
  invalidSubcode: number | null
  /** The person's session epoch when the token was issued. */
  epoch: number
}

/** What a Threads post says and shows: set on the container, carried over when it is published. */
export interface ThreadsContent {
  ownerId: string
  text: string | null
  mediaUrl: string | null
  altText: string | null
  /** Ids of child containers on a container, of child media on a post. */
  children: string[]
  replyToId: string | null
  quotePostId: string | null
  linkAttachment: string | null
  topicTag: string | null
  replyControl: string | null
}

export interface ContainerRecord extends ThreadsContent {
  id: string
  appId: string
  mediaType: ThreadsMediaType
  isCarouselItem: boolean
  createdAt: number
  readyAt: number
  errorMessage: ThreadsContainerErrorMessage | null
  mediaId: string | null
  params: Record<string, string>
}

export type ThreadsMediaKind = 'TEXT_POST' | 'IMAGE' | 'VIDEO' | 'CAROUSEL_ALBUM'

export interface ThreadsMediaRecord extends ThreadsContent {
  id: string
  containerId: string
  mediaType: ThreadsMediaKind
  shortcode: string
  publishedAt: number
  deletedAt: number | null
  /** Carousel children are media of their own but never appear as posts. */
  isCarouselChild: boolean
}

export interface FacebookPhotoRecord {
  id: string
  pageId: string
  url: string
  caption: string | null
  altText: string | null
  /** The feed post that shows the photo, once there is one. */
  postId: string | null
  published: boolean
  createdAt: number
  deletedAt: number | null
}

export interface FacebookVideoRecord {
  id: string
  pageId: string
  url: string
  description: string | null
  title: string | null
  /** The feed post that shows the video. */
  postId: string | null
  createdAt: number
  deletedAt: number | null
}

/** A resumable Page video upload between its start and finish phases. */
export interface VideoUploadSession {
  pageId: string
  size: number
  received: Buffer
  videoId: string
}

export interface FacebookPostRecord {
  /** `{page-id}_{post-id}`, as Meta shapes it. */
  id: string
  pageId: string
  appId: string
  message: string | null
  link: string | null
  photoIds: string[]
  /** The Page video this post shows (a post made by `/{page-id}/videos`). */
  videoId: string | null
  /** False for drafts and for scheduled posts until their time comes. */
  published: boolean
  scheduledAt: number | null
  createdAt: number
  updatedAt: number
  deletedAt: number | null
  params: Record<string, string>
}

export interface UploadRecord {
  contentType: string
  bytes: Buffer
}

export interface QuotaEvent {
  profileId: string
  kind: 'post' | 'reply' | 'delete'
  at: number
}

export class Store {
  apps = new Map<string, AppRecord>()
  people = new Map<string, PersonRecord>()
  threadsProfiles = new Map<string, ThreadsProfileRecord>()
  pages = new Map<string, PageRecord>()
  businesses = new Map<string, BusinessRecord>()
  grants = new Map<string, GrantRecord>()
  codes = new Map<string, AuthCodeRecord>()
  tokens = new Map<string, TokenRecord>()
  /** Meta hands out the same Page token for the same user token and Page. */
  pageTokenCache = new Map<string, string>()
  containers = new Map<string, ContainerRecord>()
  threadsMedia = new Map<string, ThreadsMediaRecord>()
  fbPosts = new Map<string, FacebookPostRecord>()
  fbPhotos = new Map<string, FacebookPhotoRecord>()
  fbVideos = new Map<string, FacebookVideoRecord>()
  videoUploads = new Map<string, VideoUploadSession>()
  uploads = new Map<string, UploadRecord>()
  quotaEvents: QuotaEvent[] = []
  mediaRules: MediaRule[] = []
  signedInPersonId: string | null = null

  static grantKey(appId: string, personId: string): string {
    return `${appId}:${personId}`
  }

  grant(appId: string, personId: string): GrantRecord | undefined {
    return this.grants.get(Store.grantKey(appId, personId))
  }

  profileOfPerson(personId: string): ThreadsProfileRecord | undefined {
    return [...this.threadsProfiles.values()].find((profile) => profile.personId === personId)
  }

  profileByUsername(username: string): ThreadsProfileRecord | undefined {
    return [...this.threadsProfiles.values()].find((profile) => profile.username === username)
  }

  /** Every Page the person can act on, whether by a role of their own or through a business. */
  pagesOfPerson(personId: string): PageRecord[] {
    return [...this.pages.values()].filter((page) => page.roles.has(personId))
  }

  businessesOfPerson(personId: string): BusinessRecord[] {
    return [...this.businesses.values()].filter((business) => business.personId === personId)
  }

  pagesOfBusiness(businessId: string, relation: BusinessPageRelation): PageRecord[] {
    return [...this.pages.values()].filter((page) => page.business?.id === businessId && page.business.relation === relation)
  }
}
