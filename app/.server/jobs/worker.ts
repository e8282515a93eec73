import { errorFields, logEvent } from '../log.ts'
import { getBoss, QUEUES, stopBoss } from './boss.ts'
import { refreshExpiringTokens, markExpiredTokens, sweepStuckTargets } from './maintenance.ts'
import { handlePublishJob } from './publish-job.ts'
import { registerLocalWorker, unregisterLocalWorkers, type PublishJob } from './publish-queue.ts'

export type RunningWorker = { stop(timeoutMs?: number): Promise<void> }

/**
 * Starts `concurrency` publish workers in this process, plus the recurring jobs (hourly token
 * health, a sweeper every minute); pg-boss runs each recurring job once across all processes.
 */
export async function startWorker(options: { concurrency: number; pollingIntervalSeconds?: number }): Promise<RunningWorker> {
  const boss = await getBoss()
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 2
  for (let i = 0; i < options.concurrency; i++) {
    let id = ''
    id = await boss.work<PublishJob>(QUEUES.publishTarget, { batchSize: 1, pollingIntervalSeconds }, async ([job]) => {
      if (!job) return
      await handlePublishJob(job.data.targetId)
      // There may be more waiting: fetch again at once instead of sleeping out the polling interval.
      boss.notifyWorker(id)
    })
    registerLocalWorker(id)
  }
  await boss.work(QUEUES.refreshTokens, { pollingIntervalSeconds: 30 }, async () => {
    const expired = await markExpiredTokens()
    logEvent('info', 'jobs.token_health', { ...(await refreshExpiringTokens()), expired })
  })
  await boss.work(QUEUES.sweepTargets, { pollingIntervalSeconds: 30 }, async () => {
    await sweepStuckTargets()
  })
  await boss.schedule(QUEUES.refreshTokens, '17 * * * *')
  await boss.schedule(QUEUES.sweepTargets, '* * * * *')
  logEvent('info', 'jobs.worker_started', { concurrency: options.concurrency })
  return {
    async stop(timeoutMs = 30_000) {
      // Stop fetching, let running jobs finish within the bound, then close the connection;
      // whatever did not finish is resumed by another worker when its job expires.
      unregisterLocalWorkers()
      await stopBoss({ graceful: true, timeoutMs }).catch((error: unknown) => logEvent('error', 'jobs.stop_failed', errorFields(error)))
    },
  }
}
