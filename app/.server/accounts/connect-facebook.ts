import { mapWithConcurrency } from '../concurrency.ts'
import { prisma } from '../db.ts'
import { facebookClientFromEnv, type FacebookClient, type FacebookPage } from '../platforms/facebook/client.ts'
import { saveAccount } from './account-store.ts'
import { ConnectFlowError } from './connect-flow-error.ts'

export const FACEBOOK_CONNECT_SCOPES = ['pages_show_list', 'pages_manage_posts', 'pages_read_engagement', 'business_management'] as const

const PUBLISH_PERMISSION = 'pages_manage_posts'
// debug_token is one call per Page; a person with dozens of Pages should not wait for them in a row.
const CHECK_CONCURRENCY = 5

export const NOT_GRANTED_REASON =
  'You did not give Duopost access to this Page the last time you connected Facebook. Connect Facebook again and tick this Page to publish here.'

type CheckedPage = FacebookPage & { tokenExpiresAt: Date | null; blockedReason: string | null }

function blockedReason(page: FacebookPage, tokenValid: boolean, canPost: boolean): string | null {
  if (!canPost)
    return 'You turned off the permission to publish to Pages. Connect Facebook again and allow "Create and manage content on your Page".'
  if (!tokenValid) return 'Meta says the access to this Page is no longer valid. Connect Facebook again.'
  if (!page.canPublish)
    return 'Your role on this Page does not allow creating posts. Ask a Page admin for a role that can create content, then connect again.'
  return null
}

/**
 * code → short-lived user token → long-lived user token → every Page the person granted (all
 * pages of /me/accounts) → one Account per Page holding the Page token. Each Page token is checked
 * with debug_token so Pages that cannot be published to are shown as such, with the reason.
 * Pages connected before but not granted this time are marked, not left looking healthy.
 */
export async function connectFacebook(
  input: { userId: string; code: string; redirectUri: string },
  client: FacebookClient = facebookClientFromEnv(),
): Promise<{ accountIds: string[] }> {
  const { data: shortLived } = await client.exchangeCode({ code: input.code, redirectUri: input.redirectUri })
  const { data: longLived } = await client.exchangeForLongLived(shortLived.accessToken)
  const [{ data: me }, { data: permissions }, { data: pages }] = await Promise.all([
    client.getMe(longLived.accessToken),
    client.getPermissions(longLived.accessToken),
    client.listPages(longLived.accessToken),
  ])
  if (pages.length === 0) throw new ConnectFlowError('no_pages')
  const canPost = permissions.some((p) => p.permission === PUBLISH_PERMISSION && p.status === 'granted')
  const checked: CheckedPage[] = await mapWithConcurrency(pages, CHECK_CONCURRENCY, async (page) => {
    const { data: info } = await client.debugToken(page.accessToken)
    return { ...page, tokenExpiresAt: info.expiresAt, blockedReason: blockedReason(page, info.isValid, canPost) }
  })

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
        checkedAt: now,
      },
    )
    accountIds.push(account.id)
  }
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
  return { accountIds }
}
