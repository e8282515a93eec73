import { prisma } from '../db.ts'
import { getBoss, QUEUES } from '../boss.ts'

export type PublishJob = { targetId: string }

const localDispatchers = new Set<() => void>()

/** A dispatcher in this process, woken when a job is queued here so it need not wait for a poll. */
export function registerLocalDispatcher(wake: () => void): () => void {
  localDispatchers.add(wake)
  return () => localDispatchers.delete(wake)
}

function wakeLocalDispatchers(startAfter: Date | undefined): void {
  if (startAfter && startAfter.getTime() > Date.now()) return
  for (const wake of localDispatchers) wake()
}

/** What a new post's target needs to be queued: its job id was chosen when the target was recorded. */
export type NewTarget = { id: string; jobId: string | null; platform: string }

/**
 * Queues the jobs of a post's new targets in one statement. Threads goes first: its chain of calls
 * is the longest, so it decides when the whole post is done.
 */
export async function enqueueNewTargets(targets: readonly NewTarget[], startAfter?: Date): Promise<void> {
  if (targets.length === 0) return
  const boss = await getBoss()
  await boss.insert(
    targets.map((target) => {
      if (!target.jobId) throw new Error(`Target ${target.id} was recorded without a job id.`)
      const data: PublishJob = { targetId: target.id }
      return {
        id: target.jobId,
        name: QUEUES.publishTarget,
        data,
        singletonKey: target.id,
        priority: target.platform === 'threads' ? 1 : 0,
        ...(startAfter ? { startAfter } : {}),
      }
    }),
  )
  wakeLocalDispatchers(startAfter)
}

/**
 * Queues the job that runs a target, at `startAfter` or now. Keyed by the target's id, so pg-boss
 * refuses a second waiting job for it (answered with null; the waiting one stands).
 */
export async function enqueueTarget(targetId: string, startAfter?: Date): Promise<void> {
  const boss = await getBoss()
  const data: PublishJob = { targetId }
  const jobId = await boss.send(QUEUES.publishTarget, data, { singletonKey: targetId, ...(startAfter ? { startAfter } : {}) })
  if (!jobId) return
  await prisma.publishTarget.update({ where: { id: targetId }, data: { jobId } })
  wakeLocalDispatchers(startAfter)
}

/** Withdraws the waiting jobs of these targets (a cancelled or rescheduled post). */
export async function withdrawJobs(jobIds: readonly (string | null)[]): Promise<void> {
  const ids = jobIds.filter((id): id is string => id !== null)
  if (ids.length === 0) return
  await (await getBoss()).cancel(QUEUES.publishTarget, ids)
}
