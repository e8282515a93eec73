import type { Account } from '#prisma/generated/client/client.ts'
import { prisma } from '../db.ts'
import {
  facebookClientFromEnv,
  type FacebookFeedPostInput,
  type FacebookPhotoInput,
  type FacebookVideoInput,
} from '../platforms/facebook/client.ts'
import { MetaApiError } from '../platforms/meta-error.ts'
import { threadsClientFromEnv, type ThreadsContainerInput } from '../platforms/threads/client.ts'
import { markNeedsReconnect, ReconnectNeededError } from './account-health.ts'
import { readToken } from './account-store.ts'
import { ensureFreshThreadsToken } from './fresh-token.ts'
import { askMetaAboutToken, confirmedExpiry } from './token-check.ts'

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * Runs one call to Meta with an account's token. A token Meta rejects marks the account at once,
 * so the dashboard asks for a reconnect before the next post fails too.
 */
async function guarded<T>(accountId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    if (error instanceof MetaApiError && error.kind === 'reconnect') await markNeedsReconnect(accountId, error.userMessage)
    throw error
  }
}

function requireUsable(account: Account | null, accountId: string): Account {
  if (!account) throw new ReconnectNeededError(accountId, 'This connection was removed. Connect the account again to publish there.')
  if (account.status !== 'ACTIVE') {
    throw new ReconnectNeededError(accountId, account.lastError ?? 'Duopost can no longer publish here. Connect the account again.')
  }
  return account
}

/** The account row, unless the caller loaded it together with its own rows already. */
async function accountFor(accountId: string, preloaded: Account | null | undefined): Promise<Account | null> {
  if (preloaded !== undefined) return preloaded
  return prisma.account.findUnique({ where: { id: accountId } })
}

/** Keeps the last quota reading, so the notification pass can warn before the quota runs out. */
async function recordThreadsQuota(accountId: string, limit: { used: number; total: number; windowSeconds: number }): Promise<void> {
  await prisma.account.updateMany({
    where: { id: accountId },
    data: {
      threadsQuotaUsed: limit.used,
      threadsQuotaTotal: limit.total,
      threadsQuotaWindowSeconds: limit.windowSeconds,
      threadsQuotaCheckedAt: new Date(),
    },
  })
}

/**
 * What publishing may do with a Threads account: each call carries the account's freshly checked
 * token, which never leaves this module.
 */
export async function threadsAccess(accountId: string, preloaded?: Account | null) {
  const loaded = requireUsable(await accountFor(accountId, preloaded), accountId)
  // Read again only when a renewal may have replaced the token.
  const renewed = await ensureFreshThreadsToken(loaded)
  const account = renewed ? requireUsable(await prisma.account.findUnique({ where: { id: accountId } }), accountId) : loaded
  const token = readToken(account, 'accessToken')!
  const client = threadsClientFromEnv()
  const call = <T>(fn: () => Promise<T>) => guarded(accountId, fn)
  return {
    accountId,
    createContainer: (input: ThreadsContainerInput) => call(() => client.createContainer(token, input)),
    getContainerStatus: (containerId: string) => call(() => client.getContainerStatus(token, containerId)),
    publishContainer: (containerId: string) => call(() => client.publishContainer(token, containerId)),
    getMedia: (mediaId: string) => call(() => client.getMedia(token, mediaId)),
    getPublishingLimit: async () => {
      const answer = await call(() => client.getPublishingLimit(token))
      await recordThreadsQuota(accountId, answer.data)
      return answer
    },
    listRecentPosts: (limit: number) => call(() => client.listRecentPosts(token, limit)),
    deletePost: (mediaId: string) => call(() => client.deletePost(token, mediaId).catch(deletingNotAllowed)),
  }
}

/**
 * A profile connected before Duopost asked for `threads_delete` can still publish: the refusal
 * says how to allow deleting, and it is not a reason to mark the account for reconnecting.
 */
function deletingNotAllowed(error: unknown): never {
  if (!(error instanceof MetaApiError) || error.failure.reason !== 'permission_missing') throw error
  throw new MetaApiError(
    { platform: 'threads', method: 'DELETE', path: '/{threads-media-id}' },
    {
      ...error.failure,
      kind: 'permanent',
      userMessage:
        'This Threads connection does not allow Duopost to delete posts yet. Reconnect Threads and allow deleting posts, then try again.',
    },
  )
}

export type ThreadsAccess = Awaited<ReturnType<typeof threadsAccess>>

const TOKEN_REJECTED = {
  threads: 'Threads reports that Duopost’s access to this profile is no longer valid. Connect Threads again.',
  facebook: 'Meta no longer accepts Duopost’s access to this Page. Connect Facebook again.',
} as const

/** The stored token publishing uses: a Page's own token, or the Threads profile's. */
function askAboutPublishingToken(account: Account) {
  return account.platform === 'facebook'
    ? facebookClientFromEnv().debugToken(readToken(account, 'pageAccessToken')!)
    : threadsClientFromEnv().debugToken(readToken(account, 'accessToken')!)
}

/**
 * Checks an account's token with debug_token, as Meta asks of apps without its SDKs: stores Meta's
 * expiry and the time of the check, or marks the account when Meta no longer accepts the token.
 * Null when Meta did not answer.
 */
export async function confirmWithMeta(account: Account): Promise<boolean | null> {
  const info = await askMetaAboutToken(() => askAboutPublishingToken(account), {
    platform: account.platform,
    accountId: account.id,
    step: 'health_check',
  })
  if (!info) return null
  if (!info.isValid) {
    await markNeedsReconnect(account.id, TOKEN_REJECTED[account.platform])
    return false
  }
  await prisma.account.update({
    where: { id: account.id },
    data: { checkedAt: new Date(), tokenExpiresAt: confirmedExpiry(info, account.tokenExpiresAt) },
  })
  return true
}

/**
 * Page tokens do not expire, but Meta can withdraw them (password change, lost role), so one not
 * confirmed within a day is checked before posting. A check Meta did not answer is no reason to
 * stop publishing, so it counts as confirmed for now.
 */
export async function confirmFacebookPage(account: Account): Promise<boolean> {
  if (account.checkedAt && Date.now() - account.checkedAt.getTime() <= DAY_MS) return true
  return (await confirmWithMeta(account)) ?? true
}

/** What posting to a Page needs from the token (meta-api.md §2.9). */
const POSTING_PERMISSIONS = ['pages_manage_posts', 'pages_read_engagement'] as const

/**
 * Meta refuses a Page post with the same (#200) for a missing permission and for a person whose
 * Page role lacks the task to create content. debug_token says which: with every permission
 * granted it is the role, which a reconnect cannot fix; otherwise it names what to allow.
 */
async function explainPostingRefusal(error: MetaApiError, pageToken: string): Promise<MetaApiError> {
  const info = await facebookClientFromEnv()
    .debugToken(pageToken)
    .then(({ data }) => data)
    .catch(() => null)
  if (!info?.isValid) return error
  const missing = POSTING_PERMISSIONS.filter((permission) => !info.scopes.includes(permission))
  const request = { platform: 'facebook' as const, method: 'POST', path: '/{page-id}' }
  if (missing.length > 0) {
    return new MetaApiError(request, {
      ...error.failure,
      userMessage: `Duopost is missing the Facebook permission ${missing.join(' and ')}. Reconnect Facebook and allow every permission it asks for.`,
    })
  }
  return new MetaApiError(request, {
    ...error.failure,
    kind: 'permanent',
    reason: 'page_task_missing',
    action: 'fix_account',
    userMessage:
      'Your role on this Facebook Page does not let you create content. Ask a Page admin to give your role the “Create content” task (Page settings → Page access), then retry.',
  })
}

/** What publishing may do with a Facebook Page, each call carrying the Page token. */
export async function facebookPageAccess(accountId: string, preloaded?: Account | null) {
  const account = requireUsable(await accountFor(accountId, preloaded), accountId)
  if (!(await confirmFacebookPage(account))) throw new ReconnectNeededError(accountId, TOKEN_REJECTED.facebook)
  const pageToken = readToken(account, 'pageAccessToken')!
  const pageId = account.platformAccountId
  const client = facebookClientFromEnv()
  const call = <T>(fn: () => Promise<T>) => guarded(accountId, fn)
  // A refused post is explained before the account is marked: a role problem needs no reconnect.
  const post = <T>(fn: () => Promise<T>) =>
    guarded(accountId, () =>
      fn().catch(async (error: unknown) => {
        if (error instanceof MetaApiError && error.failure.reason === 'permission_missing')
          throw await explainPostingRefusal(error, pageToken)
        throw error
      }),
    )
  return {
    accountId,
    pageId,
    postToFeed: (input: FacebookFeedPostInput) => post(() => client.postToFeed(pageToken, pageId, input)),
    postPhoto: (input: FacebookPhotoInput) => post(() => client.postPhoto(pageToken, pageId, input)),
    postVideo: (input: FacebookVideoInput) => post(() => client.postVideo(pageToken, pageId, input)),
    postVideoResumable: (input: FacebookVideoInput) => post(() => client.postVideoResumable(pageToken, pageId, input)),
    getFeed: (options: { limit?: number; since?: number }) => call(() => client.getFeed(pageToken, pageId, options)),
    getPost: (postId: string) => call(() => client.getPost(pageToken, postId)),
    editPost: (postId: string, message: string) => post(() => client.editPost(pageToken, postId, message)),
    deletePost: (postId: string) => post(() => client.deletePost(pageToken, postId)),
  }
}

export type FacebookPageAccess = Awaited<ReturnType<typeof facebookPageAccess>>
