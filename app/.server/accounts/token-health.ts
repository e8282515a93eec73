import { prisma } from '../db.ts'
import { errorFields, logEvent } from '../log.ts'
import { markNeedsReconnect, ReconnectNeededError } from './account-health.ts'
import { ensureFreshThreadsToken } from './fresh-token.ts'
import { confirmFacebookPage, confirmWithMeta } from './publishing-access.ts'

const HOUR_MS = 60 * 60 * 1000
/** Renew Threads tokens this long before they expire, so the dashboard never shows a dead one. */
export const PROACTIVE_REFRESH_WINDOW_MS = 7 * 24 * HOUR_MS

export type RefreshReport = {
  refreshed: number
  needReconnect: number
  threadsChecked: number
  threadsRejected: number
  pagesChecked: number
  pagesRejected: number
  errors: number
}

/**
 * The hourly health pass over every connection: renew each Threads token at least a day old that
 * expires within a week, and confirm each token with debug_token once a day (Meta's validity and
 * expiry are stored, ADR 015). What can no longer be renewed is marked, so the warning appears
 * before a post fails.
 */
export async function refreshExpiringTokens(now = Date.now()): Promise<RefreshReport> {
  const report: RefreshReport = {
    refreshed: 0,
    needReconnect: 0,
    threadsChecked: 0,
    threadsRejected: 0,
    pagesChecked: 0,
    pagesRejected: 0,
    errors: 0,
  }
  const threads = await prisma.account.findMany({
    where: {
      platform: 'threads',
      status: 'ACTIVE',
      tokenExpiresAt: { lte: new Date(now + PROACTIVE_REFRESH_WINDOW_MS) },
      OR: [{ tokenIssuedAt: null }, { tokenIssuedAt: { lte: new Date(now - 24 * HOUR_MS) } }],
    },
  })
  for (const account of threads) {
    try {
      await ensureFreshThreadsToken(account, { windowMs: PROACTIVE_REFRESH_WINDOW_MS })
      report.refreshed += 1
    } catch (error) {
      if (error instanceof ReconnectNeededError) report.needReconnect += 1
      else report.errors += 1
      logEvent('warn', 'jobs.refresh_failed', { accountId: account.id, ...errorFields(error) })
    }
  }
  const unchecked = { status: 'ACTIVE' as const, OR: [{ checkedAt: null }, { checkedAt: { lt: new Date(now - 24 * HOUR_MS) } }] }
  for (const account of await prisma.account.findMany({ where: { platform: 'threads', ...unchecked } })) {
    const valid = await confirmWithMeta(account)
    if (valid !== null) report.threadsChecked += 1
    if (valid === false) report.threadsRejected += 1
  }
  const pages = await prisma.account.findMany({ where: { platform: 'facebook', ...unchecked } })
  for (const page of pages) {
    try {
      report.pagesChecked += 1
      if (!(await confirmFacebookPage(page))) report.pagesRejected += 1
    } catch (error) {
      report.errors += 1
      logEvent('warn', 'jobs.page_check_failed', { accountId: page.id, ...errorFields(error) })
    }
  }
  return report
}

/** Marks Threads accounts whose token already expired, which no refresh can save. */
export async function markExpiredTokens(now = Date.now()): Promise<number> {
  const expired = await prisma.account.findMany({
    where: { platform: 'threads', status: 'ACTIVE', tokenExpiresAt: { lte: new Date(now) } },
    select: { id: true },
  })
  for (const { id } of expired) await markNeedsReconnect(id, 'Your Threads access expired. Connect Threads again to keep publishing.')
  return expired.length
}
