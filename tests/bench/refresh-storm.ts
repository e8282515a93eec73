/**
 * Token refresh storm: many publishes at once for one Threads profile whose token is due for
 * renewal. Meta must see one refresh; the cost is the publishes' median time against the same
 * storm for a profile whose token is fresh, in the same run.
 */
import { prisma } from '#app/.server/db.ts'
import { recordPost } from '#app/.server/publishing/publish-post.ts'
import { runTarget } from '#app/.server/publishing/run-target.ts'
import { freshDatabase, startMetaSandbox, type Engine, type MetaSandbox } from './harness.ts'
import { median, percentile, round, row, timed, type Row, type Size } from './measure.ts'
import { connectedUser } from './seed.ts'

const LATENCY_MS = 100
const DAY_S = 24 * 60 * 60

/** Every publish of the storm at once (runTarget, as a job runs it); each one's duration. */
async function storm(userId: string, publishes: number, label: string): Promise<number[]> {
  const targetIds: string[] = []
  for (let i = 0; i < publishes; i++) {
    const { post } = await recordPost(userId, { platforms: ['threads'], content: { text: `${label} ${i}` } })
    targetIds.push(post.targets[0]!.id)
  }
  const runs = await Promise.all(targetIds.map((id) => timed(() => runTarget(id))))
  const failed = runs.filter((run) => run.value?.status !== 'published')
  if (failed.length > 0)
    throw new Error(`${failed.length} of ${publishes} publishes (${label}) did not publish: ${failed[0]!.value?.errorMessage}`)
  return runs.map((run) => run.ms)
}

/** A day from expiry and 59 days old, here and at Meta: the next publish must renew it first. */
async function makeRefreshDue(meta: MetaSandbox, userId: string): Promise<void> {
  const now = Math.floor(Date.now() / 1000)
  await prisma.account.updateMany({
    where: { userId, platform: 'threads' },
    data: { tokenExpiresAt: new Date((now + DAY_S / 2) * 1000), tokenIssuedAt: new Date((now - 59 * DAY_S) * 1000) },
  })
  await meta.control.advanceClock({ days: 59 })
}

export async function refreshStorm(options: { size: Size; engine?: Engine }): Promise<Row[]> {
  const publishes = options.size === 'full' ? 200 : 10
  const database = await freshDatabase(options.engine ?? 'pglite')
  const meta = await startMetaSandbox({ latencyMs: 0 })
  try {
    // One profile per storm, since Threads allows 250 posts a day per profile.
    const profile = () => connectedUser(meta, { threads: true, pages: 0 })
    const [warmUp, before, due, after] = [await profile(), await profile(), await profile(), await profile()]
    await meta.control.configure({ latencyMs: LATENCY_MS })
    // Unmeasured, so that no storm pays for compiling code and queries.
    await storm(warmUp.userId, publishes, 'Warming up')
    // The storm with a refresh between two without, so that drift during the run cancels out and
    // the two without show how much the same storm varies on this machine.
    const steady = [await storm(before.userId, publishes, 'Steady token, before')]
    await makeRefreshDue(meta, due.userId)
    const renewing = await storm(due.userId, publishes, 'Renewing token')
    steady.push(await storm(after.userId, publishes, 'Steady token, after'))
    const refreshes = (await meta.control.calls({ route: 'threads.refresh_access_token' })).length
    const { tokenIssuedAt } = await prisma.account.findFirstOrThrow({ where: { userId: due.userId, platform: 'threads' } })
    if (Date.now() - tokenIssuedAt!.getTime() > 60_000) throw new Error('The due token was not renewed.')
    const [first, second] = steady.map(median) as [number, number]
    const baseline = (first + second) / 2
    return [
      row({
        benchmark: 'refresh-storm',
        case: `${publishes} publishes at once, token due: refresh calls`,
        measured: refreshes,
        baseline: null,
        goal: { of: 'measured', is: 'exactly', value: 1 },
        unit: 'calls',
        notes: `to threads.refresh_access_token; Meta calls take ${LATENCY_MS} ms`,
      }),
      row({
        benchmark: 'refresh-storm',
        case: `${publishes} publishes at once, token due: median publish`,
        measured: round(median(renewing)),
        baseline: round(baseline),
        unit: 'ms',
        notes:
          `added ${round(median(renewing) - baseline)} ms at the median (one refresh call takes ${LATENCY_MS} ms); ` +
          `baseline = mean median of the same storm with a fresh token before and after (${round(first)} and ${round(second)} ms); p90 ${round(percentile(renewing, 90))} ms`,
      }),
    ]
  } finally {
    await meta.close()
    await database.close()
  }
}
