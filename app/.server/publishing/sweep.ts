import { getBoss, QUEUES } from '../boss.ts'
import { prisma } from '../db.ts'
import { logEvent } from '../log.ts'
import { enqueueTarget } from './publish-queue.ts'

/** How often the worker running a target says so (PublishTarget.heartbeatAt). */
export const HEARTBEAT_MS = 10_000
/** A target in flight not heard from for this long has lost its worker. */
export const STUCK_AFTER_MS = 25_000

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
 * waiting and an active job. Resuming is safe at any step (ADR 005).
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
