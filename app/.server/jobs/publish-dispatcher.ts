import type PgBoss from 'pg-boss'
import { errorFields, logEvent } from '../log.ts'
import { QUEUES } from '../boss.ts'
import { prisma } from '../db.ts'
import { recordFetchFailure } from '../job-health.ts'
import { HEARTBEAT_MS } from '../publishing/sweep.ts'
import { handlePublishJob } from '../publishing/publish-job.ts'
import { registerLocalDispatcher, type PublishJob } from '../publishing/publish-queue.ts'

export type PublishDispatcher = { stop(timeoutMs: number): Promise<void> }

/**
 * Collects ids while a statement for earlier ones is in flight and sends them together next: one
 * statement when the database is idle, few when many jobs end at once. `add` settles once its id's
 * statement has run, so a slot frees only when pg-boss no longer counts the job as active.
 */
function grouped(send: (ids: string[]) => Promise<unknown>) {
  let waiting: string[] = []
  let next: Promise<void> | null = null
  let last: Promise<void> = Promise.resolve()
  const sendWaiting = () => {
    const ids = waiting
    waiting = []
    next = null
    return send(ids).then(
      () => undefined,
      (error: unknown) => logEvent('error', 'jobs.complete_failed', { jobs: ids.length, ...errorFields(error) }),
    )
  }
  return {
    add(id: string): Promise<void> {
      waiting.push(id)
      if (!next) {
        last = last.then(sendWaiting)
        next = last
      }
      return next
    },
    settled: () => last,
  }
}

/**
 * Says "this target's worker is alive" while its job runs (the job's first write is the first
 * beat): the sweeper hands back only the jobs of targets whose heartbeat stopped, never one a
 * live worker holds.
 */
function startHeartbeat(targetId: string) {
  const beat = () =>
    prisma.publishTarget
      .updateMany({ where: { id: targetId }, data: { heartbeatAt: new Date() } })
      .catch((error: unknown) => logEvent('warn', 'jobs.heartbeat_failed', { targetId, ...errorFields(error) }))
  const timer = setInterval(() => void beat(), HEARTBEAT_MS)
  return { stop: () => clearInterval(timer) }
}

/**
 * pg-boss's fetch swallows its own errors (a unique-index conflict would stop every process from
 * fetching); this db wrapper reports them before pg-boss hides them.
 */
function reportingDb(boss: PgBoss, report: (error: unknown) => void) {
  const db = boss.getDb()
  return {
    executeSql: (text: string, values: unknown[]) =>
      db.executeSql(text, values).catch((error: unknown) => {
        report(error)
        throw error
      }),
  }
}

/**
 * Runs up to `concurrency` publish jobs at once with a single fetch loop: each fetch claims as many
 * due jobs as there are free slots in one statement. A pg-boss worker per slot sends a fetch of
 * its own for every job, and on PGlite's one connection 50 of those queued in front of the
 * publishing itself. It wakes when a slot frees, when this process queues a job that is due, and
 * otherwise every `pollingIntervalMs` for the jobs other processes queue.
 */
export function startPublishDispatcher(boss: PgBoss, options: { concurrency: number; pollingIntervalMs: number }): PublishDispatcher {
  const running = new Set<Promise<void>>()
  const completed = grouped((ids) => boss.complete(QUEUES.publishTarget, ids))
  let stopping = false
  let woken = false
  let wakeUp: (() => void) | null = null
  const wake = () => {
    woken = true
    wakeUp?.()
  }
  // A wake that comes while the loop is busy is kept in `woken`, so the next wait returns at once.
  const nextWake = () =>
    new Promise<void>((resolve) => {
      if (woken) {
        woken = false
        return resolve()
      }
      const timer = setTimeout(() => wakeUp?.(), options.pollingIntervalMs)
      wakeUp = () => {
        clearTimeout(timer)
        wakeUp = null
        woken = false
        resolve()
      }
    })

  const run = (job: PgBoss.Job<PublishJob>) => {
    const beating = startHeartbeat(job.data.targetId)
    const work = handlePublishJob(job.data.targetId)
      .finally(beating.stop)
      .then(
        () => completed.add(job.id),
        // Only infrastructure fails a job (a target's failure at Meta is its outcome): pg-boss retries it.
        (error: unknown) =>
          boss
            .fail(QUEUES.publishTarget, job.id, errorFields(error))
            .catch((failed: unknown) => logEvent('error', 'jobs.fail_failed', errorFields(failed))),
      )
    const tracked = work.then(() => {
      running.delete(tracked)
      wake()
    })
    running.add(tracked)
  }

  const db = reportingDb(boss, (error) => {
    recordFetchFailure(error)
    logEvent('error', 'jobs.fetch_failed', errorFields(error))
  })
  const unregister = registerLocalDispatcher(wake)
  const loop = (async () => {
    while (!stopping) {
      const free = options.concurrency - running.size
      if (free > 0) {
        const jobs = await boss
          .fetch<PublishJob>(QUEUES.publishTarget, { batchSize: free, includeMetadata: true, db })
          .catch((error: unknown) => {
            recordFetchFailure(error)
            logEvent('error', 'jobs.fetch_failed', errorFields(error))
            return []
          })
        // pg-boss claims the most urgent jobs but returns them in no order; the first started is the
        // first whose statements reach the database. Jobs claimed by a fetch that was under way when
        // stopping began run too, and stop waits for them.
        for (const job of jobs.sort((a, b) => b.priority - a.priority)) run(job)
        // A full batch means more may be waiting: fetch again as soon as there is room.
        if (jobs.length === free) continue
      }
      await nextWake()
    }
  })()

  return {
    async stop(timeoutMs) {
      stopping = true
      unregister()
      wake()
      await loop
      let timer: NodeJS.Timeout | undefined
      const outOfTime = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))
      await Promise.race([Promise.all(running), outOfTime])
      clearTimeout(timer)
      await completed.settled()
    },
  }
}
