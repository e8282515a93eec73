import { errorFields, logEvent } from '../log.ts'
import { getBoss, QUEUES, stopBoss } from './boss.ts'
import { refreshExpiringTokens, markExpiredTokens, sweepStuckTargets } from './maintenance.ts'
import { startPublishDispatcher } from './publish-dispatcher.ts'

export type RunningWorker = { stop(timeoutMs?: number): Promise<void> }

/**
 * Runs up to `concurrency` publish jobs at once in this process, plus the recurring jobs (hourly
 * token health, a sweeper every minute); pg-boss runs each recurring job once across all processes.
 */
export async function startWorker(options: { concurrency: number; pollingIntervalSeconds?: number }): Promise<RunningWorker> {
  const boss = await getBoss()
  const dispatcher = startPublishDispatcher(boss, {
    concurrency: options.concurrency,
    pollingIntervalMs: (options.pollingIntervalSeconds ?? 2) * 1000,
  })
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
      // whatever did not finish is resumed by another worker when its job expires. One bound for
      // both steps, so SIGTERM still exits within it.
      const deadline = Date.now() + timeoutMs
      await dispatcher.stop(timeoutMs)
      await stopBoss({ graceful: true, timeoutMs: Math.max(0, deadline - Date.now()) }).catch((error: unknown) =>
        logEvent('error', 'jobs.stop_failed', errorFields(error)),
      )
    },
  }
}
