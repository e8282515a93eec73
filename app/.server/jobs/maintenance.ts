import { markNeedsReconnect, ReconnectNeededError } from '../accounts/account-health.ts'
import { ensureFreshThreadsToken } from '../accounts/fresh-token.ts'
import { ACCOUNT_PROVIDER } from '../accounts/providers.ts'
import { confirmFacebookPage, confirmThreadsToken } from '../accounts/publishing-access.ts'
import { prisma } from '../db.ts'
import { errorFields, logEvent } from '../log.ts'
import { getBoss, QUEUES } from './boss.ts'
import { enqueueTarget } from './publish-queue.ts'

const HOUR_MS = 60 * 60 * 1000
/** Renew Threads tokens this long before they expire, so the dashboard never shows a dead one. */
export const PROACTIVE_REFRESH_WINDOW_MS = 7 * 24 * HOUR_MS
/** How often the worker running a target says so (PublishTarget.heartbeatAt). */
export const HEARTBEAT_MS = 10_000
/** A target in flight not heard from for this long has lost its worker. */
export const STUCK_AFTER_MS = 25_000

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
 * expiry are stored). What can no longer be renewed is marked, so the warning appears before a
 * post fails.
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
      provider: ACCOUNT_PROVIDER.threads,
      status: 'ACTIVE',
      expires_at: { lte: Math.floor((now + PROACTIVE_REFRESH_WINDOW_MS) / 1000) },
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
  for (const account of await prisma.account.findMany({ where: { provider: ACCOUNT_PROVIDER.threads, ...unchecked } })) {
    const valid = await confirmThreadsToken(account)
    if (valid !== null) report.threadsChecked += 1
    if (valid === false) report.threadsRejected += 1
  }
  const pages = await prisma.account.findMany({ where: { provider: ACCOUNT_PROVIDER.facebook, ...unchecked } })
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
    where: { provider: ACCOUNT_PROVIDER.threads, status: 'ACTIVE', expires_at: { lte: Math.floor(now / 1000) } },
    select: { id: true },
  })
  for (const { id } of expired) await markNeedsReconnect(id, 'Your Threads access expired. Connect Threads again to keep publishing.')
  return expired.length
}

const IN_FLIGHT = ['queued', 'creating', 'waiting_for_media', 'publishing'] as const

/** Not heard from since `cutoff`: neither a heartbeat nor any other write. */
const silentSince = (cutoff: Date) => ({
  OR: [{ heartbeatAt: null, updatedAt: { lt: cutoff } }, { heartbeatAt: { lt: cutoff } }],
})

type ActiveJob = { id: string; targetId: string }

/** pg-boss jobs of publish-target that a worker claimed before `cutoff` and still holds. */
function activeJobsSince(cutoff: Date): Promise<ActiveJob[]> {
  return prisma.$queryRawUnsafe<ActiveJob[]>(
    `SELECT id::text AS id, singleton_key AS "targetId" FROM pgboss.job
     WHERE name = $1 AND state = 'active' AND singleton_key IS NOT NULL AND started_on < $2::timestamptz`,
    QUEUES.publishTarget,
    cutoff.toISOString(),
  )
}

/** Targets whose job is waiting or running: the sweeper never adds a second one (ADR 009). */
async function targetsWithJobs(targetIds: readonly string[]): Promise<Set<string>> {
  if (targetIds.length === 0) return new Set()
  const rows = await prisma.$queryRawUnsafe<{ key: string }[]>(
    `SELECT DISTINCT singleton_key AS key FROM pgboss.job WHERE name = $1 AND state IN ('created', 'retry', 'active') AND singleton_key = ANY($2::text[])`,
    QUEUES.publishTarget,
    targetIds,
  )
  return new Set(rows.map((row) => row.key))
}

/**
 * Hands the job of a target whose worker died back to pg-boss: the job is failed, so pg-boss
 * retries it (with its backoff) and any worker resumes the target where it stopped. Only one
 * sweeper wins each job: the target's heartbeat is taken over in one conditional write first.
 */
async function releaseDeadJobs(cutoff: Date): Promise<number> {
  const held = await activeJobsSince(cutoff)
  if (held.length === 0) return 0
  const boss = await getBoss()
  let released = 0
  for (const job of held) {
    const taken = await prisma.publishTarget.updateMany({
      where: { id: job.targetId, status: { in: [...IN_FLIGHT] }, ...silentSince(cutoff) },
      data: { heartbeatAt: new Date() },
    })
    if (taken.count === 0) continue
    await boss.fail(QUEUES.publishTarget, job.id, { message: 'The worker running this job stopped answering.' })
    released += 1
  }
  return released
}

/**
 * Recovers targets a dead worker left in flight: its job, still `active`, is failed so pg-boss
 * retries it; a target with no job at all (its retries used up) gets a new one. Never a second
 * job for a target that has one: pg-boss's fetch fails for every process while a key has both a
 * waiting and an active job. Resuming is safe at any step (see publishing/).
 */
export async function sweepStuckTargets(now = Date.now()): Promise<number> {
  const cutoff = new Date(now - STUCK_AFTER_MS)
  const released = await releaseDeadJobs(cutoff)
  const stuck = await prisma.publishTarget.findMany({
    where: {
      status: { in: [...IN_FLIGHT] },
      AND: [silentSince(cutoff), { OR: [{ retryAfter: null }, { retryAfter: { lte: new Date(now) } }] }],
      post: { cancelledAt: null, OR: [{ scheduledAt: null }, { scheduledAt: { lte: new Date(now) } }] },
    },
    select: { id: true },
  })
  const withJobs = await targetsWithJobs(stuck.map((target) => target.id))
  const orphans = stuck.filter((target) => !withJobs.has(target.id))
  for (const { id } of orphans) await enqueueTarget(id)
  const total = released + orphans.length
  if (total > 0) logEvent('warn', 'jobs.swept', { released, requeued: orphans.length })
  return total
}
