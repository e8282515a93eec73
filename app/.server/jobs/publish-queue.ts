import { prisma } from '../db.ts'
import { getBoss, QUEUES } from './boss.ts'

export type PublishJob = { targetId: string }

const localWorkers: string[] = []
let nextToWake = 0

/** Workers in this process, woken when a job is queued here so they need not wait for a poll. */
export function registerLocalWorker(workerId: string): void {
  localWorkers.push(workerId)
}

export function unregisterLocalWorkers(): void {
  localWorkers.length = 0
}

/** One job wakes one worker, in turn; waking them all made each fetch mostly empty ones. */
function nextLocalWorker(): string | undefined {
  if (localWorkers.length === 0) return undefined
  nextToWake = (nextToWake + 1) % localWorkers.length
  return localWorkers[nextToWake]
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
  const worker = nextLocalWorker()
  if (worker && (!startAfter || startAfter.getTime() <= Date.now())) boss.notifyWorker(worker)
}

/** Withdraws the waiting jobs of these targets (a cancelled or rescheduled post). */
export async function withdrawJobs(jobIds: readonly (string | null)[]): Promise<void> {
  const ids = jobIds.filter((id): id is string => id !== null)
  if (ids.length === 0) return
  await (await getBoss()).cancel(QUEUES.publishTarget, ids)
}
