import type { PublishTarget } from '#prisma/generated/client/client.ts'
import { mapWithConcurrency } from '../concurrency.ts'
import { errorFields, logEvent } from '../log.ts'
import { runTarget } from './run-target.ts'
import { DEFAULT_TIMINGS, sleep, type PublishTimings } from './timings.ts'

/** Pages are independent calls; a bound keeps one post to 50 Pages from bursting Meta's limits. */
export const CONCURRENCY = { threads: 2, facebook: 10 } as const

/**
 * Runs every given target concurrently (bounded per provider), so a post to Threads and 20 Pages
 * takes about as long as its slowest target. Resolves when all settle or after `waitMs`, whichever
 * is first; targets still running go on in the background and record their own outcome.
 */
export async function fanOut(targets: readonly Pick<PublishTarget, 'id' | 'platform'>[], waitMs: number, timings: PublishTimings = DEFAULT_TIMINGS): Promise<void> {
  const run = (target: Pick<PublishTarget, 'id'>) =>
    runTarget(target.id, timings).catch((error: unknown) => {
      logEvent('error', 'publish.target_crashed', { targetId: target.id, ...errorFields(error) })
      return null
    })
  const byPlatform = (platform: 'threads' | 'facebook') => targets.filter((target) => target.platform === platform)
  const all = Promise.all([
    mapWithConcurrency(byPlatform('threads'), CONCURRENCY.threads, run),
    mapWithConcurrency(byPlatform('facebook'), CONCURRENCY.facebook, run),
  ])
  await Promise.race([all, sleep(waitMs)])
}
