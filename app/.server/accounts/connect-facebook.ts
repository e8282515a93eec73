import { mapWithConcurrency } from '../concurrency.ts'
import { prisma } from '../db.ts'
import { errorFields, logEvent } from '../log.ts'
import { facebookClientFromEnv, type FacebookClient, type FacebookPage } from '../platforms/facebook/client.ts'
import { MetaApiError } from '../platforms/meta-error.ts'
import { saveAccount } from './account-store.ts'
import { ConnectFlowError } from './connect-flow-error.ts'
import { askMetaAboutToken, confirmedExpiry } from './token-check.ts'

export const FACEBOOK_CONNECT_SCOPES = ['pages_show_list', 'pages_manage_posts', 'pages_read_engagement', 'business_management'] as const

const PUBLISH_PERMISSION = 'pages_manage_posts'
// debug_token is one call per Page; a person with dozens of Pages should not wait for them in a row.
const CHECK_CONCURRENCY = 5

export const NOT_GRANTED_REASON =
  'You did not give Duopost access to this Page the last time you connected Facebook. Connect Facebook again and tick this Page to publish here.'

type CheckedPage = FacebookPage & { tokenExpiresAt: Date | null; checked: boolean; blockedReason: string | null }

function blockedReason(page: FacebookPage, tokenValid: boolean, canPost: boolean): string | null {
  if (!canPost)
    return 'You turned off the permission to publish to Pages. Connect Facebook again and allow "Create and manage content on your Page".'
  if (!tokenValid) return 'Meta says the access to this Page is no longer valid. Connect Facebook again.'
  if (!page.canPublish)
    return 'Your role on this Page does not allow creating posts. Ask a Page admin for a role that can create content, then connect again.'
  return null
}

/** A connection that worked, and what it could not do (the dashboard shows it as a warning). */
export type FacebookConnected = { accountIds: string[]; businessPagesUnlisted: boolean }

/**
 * The Pages Businesses hold for the person are an optional extra: without business_management
 * there are none to list, and any other failure leaves the person's own Pages to connect, with a
 * warning that the others are missing rather than nothing at all.
 */
async function businessPages(client: FacebookClient, userToken: string): Promise<{ pages: FacebookPage[]; unlisted: boolean }> {
  try {
    return { pages: (await client.listBusinessPages(userToken)).data, unlisted: false }
  } catch (error) {
    if (!(error instanceof MetaApiError)) throw error
    if (error.failure.reason === 'permission_missing') return { pages: [], unlisted: false }
    logEvent('warn', 'oauth.business_pages_unlisted', errorFields(error))
    return { pages: [], unlisted: true }
  }
}

/** The person's own Pages (/me/accounts): without them there is nothing to connect, so a failure says so. */
async function ownPages(client: FacebookClient, userToken: string): Promise<FacebookPage[]> {
  try {
    return (await client.listPages(userToken)).data
  } catch (error) {
    if (
      error instanceof MetaApiError &&
      (error.kind === 'reconnect' || error.kind === 'permanent') &&
      error.failure.reason !== 'permission_missing'
    )
      throw new ConnectFlowError('pages_unlisted', { cause: error })
    throw error
  }
}

/**
 * Page tokens from a long-lived user token do not expire (meta-api.md §2.6); Meta's debug_token
 * says whether this one does and whether it is valid. Unanswered, the Page is kept unchecked
 * (checkedAt null), so the hourly health check asks again before it is relied on.
 */
async function checkPage(client: FacebookClient, page: FacebookPage, canPost: boolean): Promise<CheckedPage> {
  const info = await askMetaAboutToken(() => client.debugToken(page.accessToken), { platform: 'facebook', step: 'connect' })
  return {
    ...page,
    tokenExpiresAt: confirmedExpiry(info, null),
    checked: info !== null,
    blockedReason: blockedReason(page, info?.isValid ?? true, canPost),
  }
}

/**
 * code → short-lived user token → long-lived user token → every Page the person granted (all
 * pages of /me/accounts, then those of their Businesses) → one Account per Page holding the Page
 * token. Each Page token is checked with debug_token so Pages that cannot be published to are
 * shown as such, with the reason. Pages connected before but not granted this time are marked,
 * not left looking healthy.
 */
export async function connectFacebook(
  input: { userId: string; code: string; redirectUri: string },
  client: FacebookClient = facebookClientFromEnv(),
): Promise<FacebookConnected> {
  const { data: shortLived } = await client.exchangeCode({ code: input.code, redirectUri: input.redirectUri })
  const { data: longLived } = await client.exchangeForLongLived(shortLived.accessToken)
  const [{ data: me }, { data: permissions }, own, business] = await Promise.all([
    client.getMe(longLived.accessToken),
    client.getPermissions(longLived.accessToken),
    ownPages(client, longLived.accessToken),
    businessPages(client, longLived.accessToken),
  ])
  const pages = [...new Map([...own, ...business.pages].map((page) => [page.id, page])).values()]
  if (pages.length === 0) throw new ConnectFlowError(business.unlisted ? 'business_pages_only_unlisted' : 'no_pages')
  const canPost = permissions.some((p) => p.permission === PUBLISH_PERMISSION && p.status === 'granted')
  const checked = await mapWithConcurrency(pages, CHECK_CONCURRENCY, (page) => checkPage(client, page, canPost))

  const now = new Date()
  const platform = 'facebook'
  const accountIds: string[] = []
  for (const page of checked) {
    const account = await saveAccount(
      { userId: input.userId, platform, platformAccountId: page.id },
      { accessToken: longLived.accessToken, pageAccessToken: page.accessToken },
      {
        metaUserId: me.id,
        displayName: page.name,
        pictureUrl: page.pictureUrl ?? null,
        tokenExpiresAt: page.tokenExpiresAt,
        tokenIssuedAt: now,
        canPublish: page.blockedReason === null,
        publishBlockedReason: page.blockedReason,
        status: 'ACTIVE',
        lastError: null,
        lastErrorAt: null,
        checkedAt: page.checked ? now : null,
      },
    )
    accountIds.push(account.id)
  }
  // Pages of a Business that could not be listed are not "no longer granted": leave them as they are.
  if (business.unlisted) return { accountIds, businessPagesUnlisted: true }
  await prisma.account.updateMany({
    where: { userId: input.userId, platform, id: { notIn: accountIds }, status: { not: 'REVOKED' } },
    data: {
      status: 'NEEDS_RECONNECT',
      canPublish: false,
      publishBlockedReason: NOT_GRANTED_REASON,
      lastError: NOT_GRANTED_REASON,
      lastErrorAt: now,
    },
  })
  return { accountIds, businessPagesUnlisted: false }
}
