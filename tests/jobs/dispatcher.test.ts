import { afterEach, describe, expect, it, vi } from 'vitest'
import { prisma } from '#app/.server/db.ts'
import { getBoss, QUEUES } from '#app/.server/boss.ts'
import { reportTargetDone, watchTargetsDone } from '#app/.server/publishing/target-done.ts'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { connectedUser, publish } from '#tests/publishing/helpers.ts'
import { useWorker } from '#tests/worker-harness.ts'

const meta = useMetaSandbox()
const CONCURRENCY = 3
useWorker(CONCURRENCY)

afterEach(() => {
  vi.restoreAllMocks()
})

/** How many publish jobs pg-boss holds active, sampled until `done` settles; the most seen. */
async function mostActive(done: Promise<unknown>): Promise<number> {
  let finished = false
  void done.finally(() => (finished = true))
  let most = 0
  while (!finished) {
    const [row] = await prisma.$queryRawUnsafe<{ active: number }[]>(
      `SELECT count(*)::int AS active FROM pgboss.job WHERE name = $1 AND state = 'active'`,
      QUEUES.publishTarget,
    )
    most = Math.max(most, row!.active)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return most
}

describe('the publish dispatcher', () => {
  it('claims due jobs several at a time in one fetch, never more than its concurrency', async () => {
    const user = await connectedUser(meta, { pages: 6 })
    const boss = await getBoss()
    const fetches = vi.spyOn(boss, 'fetch')
    await meta.control.configure({ latencyMs: 150 })
    try {
      const publishing = publish(user.cookie, {
        platforms: ['THREADS', 'FACEBOOK'],
        content: { text: 'Seven targets, three at a time' },
        facebookPageIds: user.pageIds,
      })
      const [result, most] = await Promise.all([publishing, mostActive(publishing)])
      expect(result.success).toBe(true)
      expect(most).toBeLessThanOrEqual(CONCURRENCY)
    } finally {
      await meta.control.configure({ latencyMs: 0 })
    }
    const claimed = await Promise.all(fetches.mock.results.map((call) => call.value as Promise<unknown[]>))
    const batchSizes = fetches.mock.calls.map(([, options]) => (options as { batchSize: number }).batchSize)
    expect(Math.max(...batchSizes)).toBe(CONCURRENCY)
    expect(Math.max(...claimed.map((jobs) => jobs.length))).toBeGreaterThan(1)
    expect(claimed.reduce((sum, jobs) => sum + jobs.length, 0)).toBe(7)
    // Threads has the longest chain of calls, so its job is among the first claimed.
    const first = claimed.find((jobs) => jobs.length > 0) as { data: { targetId: string } }[]
    const platforms = await prisma.publishTarget.findMany({
      where: { id: { in: first.map((job) => job.data.targetId) } },
      select: { platform: true },
    })
    expect(platforms.map((target) => target.platform)).toContain('threads')
  })
})

describe('waiting for targets', () => {
  it('wakes the waiter once every target it waits for was reported, not before', async () => {
    const watch = watchTargetsDone()
    let woke = false
    const waiting = watch.until(['a', 'b'], 60_000).then(() => (woke = true))
    reportTargetDone('a')
    await new Promise((resolve) => setImmediate(resolve))
    expect(woke).toBe(false)
    reportTargetDone('b')
    await waiting
    expect(woke).toBe(true)
    watch.close()
  })

  it('remembers reports that came before the wait began, and gives up after its time', async () => {
    const watch = watchTargetsDone()
    reportTargetDone('early')
    await watch.until(['early'], 60_000)
    const began = performance.now()
    await watch.until(['never'], 50)
    expect(performance.now() - began).toBeGreaterThanOrEqual(45)
    watch.close()
  })
})
