import { afterAll, describe, expect, it } from 'vitest'
import { prisma } from '#app/.server/db.ts'
import { getBoss, QUEUES } from '#app/.server/boss.ts'
import { jobHealth } from '#app/.server/job-health.ts'
import { sweepStuckTargets } from '#app/.server/publishing/sweep.ts'
import { enqueueNewTargets } from '#app/.server/publishing/publish-queue.ts'
import { startWorker, type RunningWorker } from '#app/.server/jobs/worker.ts'
import { recordPost } from '#app/.server/publishing/publish-post.ts'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { connectedUser } from '#tests/publishing/helpers.ts'
import { jobsOf, waitUntil } from './helpers.ts'

// Issue 14, case 7: a worker died holding a target's job (still `active` in pg-boss). Recovering the
// target must not add a second job for it (pg-boss's fetch would then fail in every process), and
// must not wait for the job to expire.

const meta = useMetaSandbox()
let worker: RunningWorker | undefined
afterAll(async () => {
  await worker?.stop(5_000)
})

describe('a dead worker’s job', () => {
  it('is handed back to pg-boss once, the target resumes and publishes once, and new posts are never blocked', async () => {
    const user = await connectedUser(meta, { threads: false, pages: 1 })
    const request = { platforms: ['facebook' as const], facebookPageIds: user.pageIds }
    const { post } = await recordPost(user.userId, { ...request, content: { text: 'Held by a dead worker' } })
    const target = post.targets[0]!
    await enqueueNewTargets(post.targets)
    // The "dead worker": it claims the job, then never completes it or writes a heartbeat again.
    const boss = await getBoss()
    const [claimed] = await boss.fetch(QUEUES.publishTarget)
    expect(claimed?.id).toBe(target.jobId)
    await prisma.$executeRawUnsafe(`UPDATE pgboss.job SET started_on = now() - interval '2 minutes' WHERE id = $1::uuid`, claimed!.id)
    await prisma.$executeRawUnsafe(`UPDATE "PublishTarget" SET "updatedAt" = $1 WHERE id = $2`, new Date(Date.now() - 120_000), target.id)

    const failuresBefore = jobHealth().fetchFailures
    worker = await startWorker({ concurrency: 4, pollingIntervalSeconds: 0.5, sweepIntervalMs: null })
    expect(await sweepStuckTargets()).toBe(1)
    // A second sweep (another process, say) finds nothing more to do: no second job for the key.
    expect(await sweepStuckTargets()).toBe(0)
    expect((await jobsOf(target.id)).filter((job) => ['created', 'retry', 'active'].includes(job.state))).toHaveLength(1)

    const { post: fresh } = await recordPost(user.userId, { ...request, content: { text: 'Posted meanwhile' } })
    await enqueueNewTargets(fresh.targets)
    const settled = await waitUntil(
      () => prisma.publishTarget.findMany({ where: { id: { in: [target.id, fresh.targets[0]!.id] } } }),
      (rows) => rows.every((row) => row.status === 'published'),
    )
    expect(settled.map((row) => row.status)).toEqual(['published', 'published'])
    expect(await meta.control.posts()).toHaveLength(2)
    expect(jobHealth().fetchFailures).toBe(failuresBefore)
  })
})
