import { prisma } from '#app/.server/db.ts'

type JobRow = { id: string; state: string; start_after: Date; singleton_key: string | null }

/** pg-boss's rows for a target's jobs, newest first. */
export function jobsOf(targetId: string): Promise<JobRow[]> {
  return prisma.$queryRawUnsafe<JobRow[]>(
    `SELECT id::text, state::text, start_after, singleton_key FROM pgboss.job WHERE singleton_key = $1 ORDER BY created_on DESC`,
    targetId,
  )
}

/** Time passes for pg-boss: the target's waiting jobs become due now. */
export async function makeDue(targetId: string): Promise<void> {
  await prisma.$executeRawUnsafe(
    `UPDATE pgboss.job SET start_after = now() WHERE singleton_key = $1 AND state IN ('created', 'retry')`,
    targetId,
  )
}

export async function waitUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (done(value) || Date.now() > deadline) return value
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** The automatic retry a failed run queued comes due now (once the job for it is queued). */
export async function makeRetryDue(targetId: string): Promise<void> {
  await waitUntil(
    () => jobsOf(targetId),
    (jobs) => jobs[0]?.state === 'created',
  )
  await makeDue(targetId)
}
