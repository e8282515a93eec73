import { threadsClientFromEnv, type ThreadsClient } from '../platforms/threads/client.ts'
import { saveAccount } from './account-store.ts'
import { ConnectFlowError } from './connect-flow-error.ts'
import { tokenExpiry } from './fresh-token.ts'
import { askMetaAboutToken, confirmedExpiry } from './token-check.ts'

// threads_delete lets a person delete a published post from Duopost (issue 17).
export const THREADS_CONNECT_SCOPES = ['threads_basic', 'threads_content_publish', 'threads_delete'] as const

/**
 * code → short-lived token (1 hour) → long-lived token (60 days) → profile and Meta's view of the
 * token (debug_token: its expiry as Meta sees it) → the Account row. Meta is asked everything
 * before anything is written, so a failure stores nothing.
 */
export async function connectThreads(
  input: { userId: string; code: string; redirectUri: string },
  client: ThreadsClient = threadsClientFromEnv(),
): Promise<{ accountId: string }> {
  const { data: shortLived } = await client.exchangeCode({ code: input.code, redirectUri: input.redirectUri })
  const { data: longLived } = await client.exchangeForLongLived(shortLived.accessToken)
  const [{ data: profile }, info] = await Promise.all([
    client.getProfile(longLived.accessToken),
    askMetaAboutToken(() => client.debugToken(longLived.accessToken), { platform: 'threads', step: 'connect' }),
  ])
  if (info && !info.isValid) throw new ConnectFlowError('access_rejected')
  const now = Date.now()
  const account = await saveAccount(
    { userId: input.userId, platform: 'threads', platformAccountId: profile.id },
    { accessToken: longLived.accessToken },
    {
      metaUserId: profile.id,
      username: profile.username,
      displayName: profile.name ?? null,
      pictureUrl: profile.profilePictureUrl ?? null,
      tokenExpiresAt: confirmedExpiry(info, tokenExpiry(now, longLived.expiresIn)),
      tokenIssuedAt: new Date(now),
      canPublish: true,
      publishBlockedReason: null,
      status: 'ACTIVE',
      lastError: null,
      lastErrorAt: null,
      checkedAt: new Date(now),
    },
  )
  return { accountId: account.id }
}
