import { prisma } from '../db.ts'
import { getBoss, QUEUES } from './boss.ts'

export type PublishJob = { targetId: string }

const localWorkers = new Set<string>()

/** Workers in this process, woken when a job is queued here so they need not wait for a poll. */
export function registerLocalWorker(workerId: string): void {
  localWorkers.add(workerId)
}

export function unregisterLocalWorkers(): void {
  localWorkers.clear()
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
  if (!startAfter || startAfter.getTime() <= Date.now()) for (const worker of localWorkers) boss.notifyWorker(worker)
}

/** Withdraws the waiting jobs of these targets (a cancelled or rescheduled post). */
export async function withdrawJobs(jobIds: readonly (string | null)[]): Promise<void> {
  const ids = jobIds.filter((id): id is string => id !== null)
  if (ids.length === 0) return
  await (await getBoss()).cancel(QUEUES.publishTarget, ids)
}
