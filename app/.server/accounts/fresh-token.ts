import type { Account } from '#prisma/generated/client/client.ts'
import { prisma } from '../db.ts'
import { errorFields, logEvent } from '../log.ts'
import { MetaApiError } from '../platforms/meta-error.ts'
import { threadsClientFromEnv, type ThreadsClient } from '../platforms/threads/client.ts'
import { readToken } from './account-store.ts'
import { markNeedsReconnect, ReconnectNeededError } from './account-health.ts'
import { askMetaAboutToken, confirmedExpiry } from './token-check.ts'
import { encryptToken } from './token-vault.ts'

const HOUR_MS = 60 * 60 * 1000
/** Refresh once a token is this close to expiring… */
export const REFRESH_BEFORE_EXPIRY_MS = 24 * HOUR_MS
/** …and at least this old: Meta refuses to refresh younger tokens. */
export const MIN_REFRESH_AGE_MS = 24 * HOUR_MS

type TokenTimes = Pick<Account, 'tokenExpiresAt' | 'tokenIssuedAt'>

/** When a token Meta granted at `now` for `expiresInSeconds` (its `expires_in`) runs out. */
export function tokenExpiry(now: number, expiresInSeconds: number): Date {
  return new Date(now + expiresInSeconds * 1000)
}

export function isExpired(account: Pick<Account, 'tokenExpiresAt'>, now = Date.now()): boolean {
  return account.tokenExpiresAt !== null && account.tokenExpiresAt.getTime() <= now
}

export function refreshIsDue(account: TokenTimes, now = Date.now(), windowMs = REFRESH_BEFORE_EXPIRY_MS): boolean {
  if (account.tokenExpiresAt === null || isExpired(account, now)) return false
  const closeToExpiry = account.tokenExpiresAt.getTime() - now <= windowMs
  const oldEnough = !account.tokenIssuedAt || now - account.tokenIssuedAt.getTime() >= MIN_REFRESH_AGE_MS
  return closeToExpiry && oldEnough
}

const EXPIRED_MESSAGE = 'Your Threads access expired because it was not renewed in time. Connect Threads again to keep publishing.'

type Outcome = { kind: 'fresh' } | { kind: 'expired' } | { kind: 'refresh_failed'; error: MetaApiError } | { kind: 'rejected' }

/**
 * Under a row lock, so that of many processes publishing for one account only the first one
 * refreshes and the others find the new token when they get the lock.
 */
async function refreshUnderLock(accountId: string, client: ThreadsClient, windowMs: number): Promise<Outcome> {
  return prisma.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Account" WHERE id = ${accountId} FOR UPDATE`
      const account = await tx.account.findUnique({ where: { id: accountId } })
      if (!account) return { kind: 'fresh' }
      const now = Date.now()
      if (isExpired(account, now)) return { kind: 'expired' }
      if (!refreshIsDue(account, now, windowMs)) return { kind: 'fresh' }
      let refreshed
      try {
        refreshed = (await client.refreshLongLived(readToken(account, 'accessToken')!)).data
      } catch (error) {
        if (error instanceof MetaApiError) return { kind: 'refresh_failed', error }
        throw error
      }
      const info = await askMetaAboutToken(() => client.debugToken(refreshed.accessToken), {
        platform: 'threads',
        accountId,
        step: 'refresh',
      })
      if (info && !info.isValid) return { kind: 'rejected' }
      await tx.account.update({
        where: { id: accountId },
        data: {
          accessToken: encryptToken(refreshed.accessToken, { table: 'Account', column: 'accessToken', rowId: accountId }),
          tokenExpiresAt: confirmedExpiry(info, tokenExpiry(now, refreshed.expiresIn)),
          tokenIssuedAt: new Date(now),
          // Checked only when Meta answered; otherwise the hourly health check asks again.
          ...(info ? { checkedAt: new Date(now) } : {}),
          ...RENEWED,
        },
      })
      return { kind: 'fresh' }
    },
    { timeout: 60_000, maxWait: 60_000 },
  )
}

const REJECTED_MESSAGE =
  'Threads renewed Duopost’s access and then reported the new access as not valid. Connect Threads again to keep publishing.'

/** A renewal that worked clears the record of one that failed. */
const RENEWED = { lastError: null, lastErrorAt: null }

/**
 * The connection stays ACTIVE (the token still works), but `lastError` says renewal failed, so
 * the dashboard asks for a reconnect only now, while the token is still valid (connections.ts).
 */
async function recordRenewalFailure(accountId: string, error: MetaApiError): Promise<void> {
  const why = error.kind === 'rate_limited' ? 'Threads was limiting its calls' : 'Threads could not be reached or had a problem'
  const message = `Duopost could not renew its access to Threads (${why}). It tries again every hour; if it keeps failing, connect Threads again before the access ends.`
  await prisma.account.updateMany({ where: { id: accountId, status: 'ACTIVE' }, data: { lastError: message, lastErrorAt: new Date() } })
  logEvent('warn', 'accounts.renewal_failed', { accountId, ...errorFields(error) })
}

const inFlight = new Map<string, Promise<void>>()

async function refreshThreadsToken(accountId: string, client: ThreadsClient, windowMs: number): Promise<void> {
  const outcome = await refreshUnderLock(accountId, client, windowMs)
  if (outcome.kind === 'expired') {
    await markNeedsReconnect(accountId, EXPIRED_MESSAGE)
    throw new ReconnectNeededError(accountId, EXPIRED_MESSAGE)
  }
  if (outcome.kind === 'rejected') {
    await markNeedsReconnect(accountId, REJECTED_MESSAGE)
    throw new ReconnectNeededError(accountId, REJECTED_MESSAGE)
  }
  if (outcome.kind === 'refresh_failed') {
    // Meta refusing the token itself means only a new connection helps; anything else (Meta down,
    // rate limited) leaves the still-valid token in place for this publish and the next try, and
    // is recorded so the person hears of it while there is still time to reconnect.
    if (outcome.error.kind !== 'reconnect') return recordRenewalFailure(accountId, outcome.error)
    const message = `Threads would not renew Duopost's access: ${outcome.error.userMessage}`
    await markNeedsReconnect(accountId, message)
    throw new ReconnectNeededError(accountId, message)
  }
}

/**
 * The one gate in front of every Threads call with an account's token: renews the token when it
 * is within `windowMs` of expiring (a day before publishing; the daily job looks a week ahead),
 * following Meta's th_refresh_token rules. Concurrent callers in this process share one refresh;
 * other processes wait on the row lock and then see the renewed token. Answers whether a renewal
 * was attempted, i.e. whether the stored token may have changed since `account` was read.
 */
export async function ensureFreshThreadsToken(
  account: Pick<Account, 'id'> & TokenTimes,
  options: { windowMs?: number; client?: () => ThreadsClient } = {},
): Promise<boolean> {
  const { windowMs = REFRESH_BEFORE_EXPIRY_MS, client = () => threadsClientFromEnv() } = options
  if (isExpired(account)) {
    await markNeedsReconnect(account.id, EXPIRED_MESSAGE)
    throw new ReconnectNeededError(account.id, EXPIRED_MESSAGE)
  }
  if (!refreshIsDue(account, Date.now(), windowMs)) return false
  let pending = inFlight.get(account.id)
  if (!pending) {
    pending = refreshThreadsToken(account.id, client(), windowMs).finally(() => inFlight.delete(account.id))
    inFlight.set(account.id, pending)
  }
  await pending
  return true
}
