import { prisma } from '../db.ts'
import { withdrawJobs } from './publish-queue.ts'
import { failureColumns } from './target-failure.ts'

const IN_FLIGHT = ['queued', 'creating', 'waiting_for_media', 'publishing'] as const

/** Targets of these accounts that have not run yet will not: the person took Duopost's access away. */
export async function stopTargets(accountIds: string[], message: string): Promise<void> {
  const targets = await prisma.publishTarget.findMany({
    where: { accountId: { in: accountIds }, status: { in: [...IN_FLIGHT] } },
    select: { id: true, jobId: true },
  })
  await prisma.publishTarget.updateMany({
    where: { id: { in: targets.map((t) => t.id) } },
    data: { status: 'failed', ...failureColumns({ kind: 'reconnect', message, action: 'reconnect', retryable: false }) },
  })
  await withdrawJobs(targets.map((t) => t.jobId))
}

/** Clears the Meta ids of these accounts' posts (Meta asked Duopost to delete the person's data). */
export async function forgetMetaIds(accountIds: string[]): Promise<void> {
  await prisma.publishTarget.updateMany({
    where: { accountId: { in: accountIds } },
    data: { containerId: null, providerPostId: null, permalink: null },
  })
}
