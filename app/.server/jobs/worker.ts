import { refreshExpiringTokens, markExpiredTokens } from '../accounts/token-health.ts'
import { getBoss, QUEUES, stopBoss } from '../boss.ts'
import { errorFields, logEvent } from '../log.ts'
import { removeExpiredMedia } from '../media/retention.ts'
import { runNotificationPass } from '../notifications/notification-pass.ts'
import { sweepStuckTargets } from '../publishing/sweep.ts'
import { startPublishDispatcher } from './publish-dispatcher.ts'

const SWEEP_INTERVAL_MS = 15_000
const NOTIFY_INTERVAL_MS = 10_000

export type RunningWorker = { stop(timeoutMs?: number): Promise<void> }

/**
 * Runs up to `concurrency` publish jobs at once in this process, plus hourly token health and daily
 * media retention (pg-boss runs each once across all processes), a sweep for dead workers' targets
 * every 15 seconds and a notification pass every 10 seconds.
 */
export async function startWorker(options: {
  concurrency: number
  pollingIntervalSeconds?: number
  /** Null turns the sweeps off (tests that sweep by hand). */
  sweepIntervalMs?: number | null
  /** How often this process looks for events to notify about and sends them; null turns it off. */
  notifyIntervalMs?: number | null
}): Promise<RunningWorker> {
  const boss = await getBoss()
  const dispatcher = startPublishDispatcher(boss, {
    concurrency: options.concurrency,
    pollingIntervalMs: (options.pollingIntervalSeconds ?? 2) * 1000,
  })
  await boss.work(QUEUES.refreshTokens, { pollingIntervalSeconds: 30 }, async () => {
    const expired = await markExpiredTokens()
    logEvent('info', 'jobs.token_health', { ...(await refreshExpiringTokens()), expired })
  })
  await boss.schedule(QUEUES.refreshTokens, '17 * * * *')
  await boss.work(QUEUES.removeMedia, { pollingIntervalSeconds: 60 }, async () => {
    logEvent('info', 'jobs.media_retention', await removeExpiredMedia())
  })
  // Daily, once across all processes: media is kept MEDIA_RETENTION_DAYS, so a day late is harmless.
  await boss.schedule(QUEUES.removeMedia, '43 3 * * *')
  // Every worker sweeps, often: a dead worker's targets are resumed within a minute (a cron job runs
  // once a minute at best), and sweeps in several processes at once cannot duplicate a job.
  await boss.unschedule(QUEUES.sweepTargets)
  const sweep = () => sweepStuckTargets().catch((error: unknown) => logEvent('error', 'jobs.sweep_failed', errorFields(error)))
  const sweepIntervalMs = options.sweepIntervalMs === undefined ? SWEEP_INTERVAL_MS : options.sweepIntervalMs
  if (sweepIntervalMs !== null) void sweep()
  const sweeper = sweepIntervalMs === null ? undefined : setInterval(() => void sweep(), sweepIntervalMs)
  // Every worker notifies too: events are recorded once by key and each email is claimed by one process.
  let notifying = false
  const notify = async () => {
    if (notifying) return
    notifying = true
    try {
      const report = await runNotificationPass()
      if (report.recorded + report.sent + report.failed + report.queued + report.delivered + report.failedAttempts > 0)
        logEvent('info', 'jobs.notified', report)
    } catch (error) {
      logEvent('error', 'jobs.notify_failed', errorFields(error))
    } finally {
      notifying = false
    }
  }
  const notifyIntervalMs = options.notifyIntervalMs === undefined ? NOTIFY_INTERVAL_MS : options.notifyIntervalMs
  const notifier = notifyIntervalMs === null ? undefined : setInterval(() => void notify(), notifyIntervalMs)
  logEvent('info', 'jobs.worker_started', { concurrency: options.concurrency })
  return {
    async stop(timeoutMs = 30_000) {
      // Stop fetching, let running jobs finish within the bound, then close the connection;
      // whatever did not finish is resumed by another worker when its job expires. One bound for
      // both steps, so SIGTERM still exits within it.
      const deadline = Date.now() + timeoutMs
      clearInterval(sweeper)
      clearInterval(notifier)
      await dispatcher.stop(timeoutMs)
      await stopBoss({ graceful: true, timeoutMs: Math.max(0, deadline - Date.now()) }).catch((error: unknown) =>
        logEvent('error', 'jobs.stop_failed', errorFields(error)),
      )
    },
  }
}
