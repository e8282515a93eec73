/**
 * Queue scale on PostgreSQL, Meta answering at once: a backlog of due targets drained by one
 * `npm run worker` process, then another backlog by two; targets per second, the speed-up the
 * second process brings, and how many posts Meta received twice.
 */
import { prisma } from '#app/.server/db.ts'
import { QUEUES } from '#app/.server/boss.ts'
import { enqueueNewTargets } from '#app/.server/publishing/publish-queue.ts'
import { recordPost } from '#app/.server/publishing/publish-post.ts'
import { waitUntil } from '#tests/jobs/helpers.ts'
import { cpuSince, cpuSnapshot, type CpuUse } from './cpu.ts'
import { freshDatabase, startMetaSandbox } from './harness.ts'
import { round, row, type Row, type Size } from './measure.ts'
import { connectedUser } from './seed.ts'
import { startWorkerProcess, type WorkerProcess } from './worker-processes.ts'

const WORKERS_PER_PROCESS = 8
const IN_FLIGHT = ['queued', 'creating', 'waiting_for_media', 'publishing'] as const
const DAY_MS = 24 * 60 * 60 * 1000
const DRAIN_TIMEOUT_MS = 180_000

/**
 * `posts` posts to every Page, recorded and queued for tomorrow, so that the whole backlog can
 * become due in one statement once the workers are up: the measurement then starts with every
 * target due and every worker ready, as after an outage or a burst of scheduled posts.
 */
async function backlog(user: { userId: string; pageIds: string[] }, posts: number, label: string): Promise<string[]> {
  const postIds: string[] = []
  const tomorrow = new Date(Date.now() + DAY_MS)
  for (let i = 0; i < posts; i++) {
    const { post } = await recordPost(user.userId, {
      platforms: ['facebook'],
      content: { text: `${label}, post ${i}` },
      facebookPageIds: user.pageIds,
    })
    await enqueueNewTargets(post.targets, tomorrow)
    postIds.push(post.id)
  }
  return postIds
}

/** Makes every waiting publish job due now; returns when (performance.now) that happened. */
async function makeDue(): Promise<number> {
  const at = performance.now()
  await prisma.$executeRawUnsafe(`UPDATE pgboss.job SET start_after = now() WHERE name = $1 AND state = 'created'`, QUEUES.publishTarget)
  return at
}

type Drain = { targets: number; seconds: number; perSecond: number; lockWaiting: number; cpu: CpuUse }

/**
 * The database server's processes serving this database, when it runs on this machine (their CPU
 * is then readable here); none otherwise.
 */
async function postgresBackends(databaseUrl: string): Promise<number[]> {
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(databaseUrl).hostname)) return []
  const rows = await prisma.$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`
  return rows.map((row) => row.pid)
}

/**
 * How many of this database's sessions were waiting for a lock, on average, until `done` settled:
 * where workers queue behind one another instead of working.
 */
async function lockWaits(done: Promise<unknown>): Promise<number> {
  let finished = false
  void done.finally(() => (finished = true))
  const samples: number[] = []
  while (!finished) {
    const [sample] = await prisma.$queryRaw<{ waiting: number }[]>`
      SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`
    samples.push(sample!.waiting)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return samples.reduce((sum, n) => sum + n, 0) / Math.max(1, samples.length)
}

async function drain(postIds: string[], workers: readonly WorkerProcess[], databaseUrl: string): Promise<Drain> {
  const pids = async () => [...workers.map((worker) => worker.pid), ...(await postgresBackends(databaseUrl))]
  const inFlight = () => prisma.publishTarget.count({ where: { postId: { in: postIds }, status: { in: [...IN_FLIGHT] } } })
  const targets = await prisma.publishTarget.count({ where: { postId: { in: postIds } } })
  const before = cpuSnapshot(await pids())
  const started = await makeDue()
  const settled = waitUntil(inFlight, (count) => count === 0, DRAIN_TIMEOUT_MS)
  const [unsettled, lockWaiting] = await Promise.all([settled, lockWaits(settled)])
  const seconds = (performance.now() - started) / 1000
  if (unsettled > 0)
    throw new Error(
      `${workers.length} worker process(es) left ${unsettled} of ${targets} targets unsettled after ${DRAIN_TIMEOUT_MS / 1000} s.`,
    )
  return { targets, seconds, perSecond: targets / seconds, lockWaiting, cpu: cpuSince(before, await pids()) }
}

/** Cores the drain kept busy, and how: worker processes and PostgreSQL, then this process (the Meta sandbox, mostly). */
function cpuNote(d: Drain): string {
  const { ownMs, processesMs, machineBusy } = d.cpu
  const cores = (ms: number) => (ms / 1000 / d.seconds).toFixed(2)
  const machine = machineBusy === null ? '' : `; the machine was ${Math.round(machineBusy * 100)}% busy in all`
  return `CPU ${((ownMs + processesMs) / d.targets).toFixed(1)} ms per target, ${cores(ownMs + processesMs)} cores busy (workers + PostgreSQL ${cores(processesMs)}, benchmark + sandbox ${cores(ownMs)})${machine}`
}

/**
 * Meta's answer time for the second pair of drains. At 0 ms one process is already held back by the
 * machine's cores; at this latency it is held back by its 8 slots waiting on Meta, which is what a
 * second process is for, so the pair shows what scaling out adds when the cores are not the limit.
 */
const WAITING_LATENCY_MS = 100

export async function queueScale(options: { size: Size }): Promise<Row[]> {
  const [pages, posts] = options.size === 'full' ? [40, 50] : [4, 5]
  const database = await freshDatabase('postgres')
  const meta = await startMetaSandbox({ latencyMs: 0 })
  try {
    const user = await connectedUser(meta, { threads: false, pages })
    /** Drains a new backlog of `count` posts with 1 process, then another with 2. */
    const pair = async (count: number, label: string): Promise<[Drain, Drain]> => {
      const drains: Drain[] = []
      for (const processes of [1, 2]) {
        const postIds = await backlog(user, count, `${label}, ${processes} worker process(es)`)
        const workers = await Promise.all(Array.from({ length: processes }, () => startWorkerProcess(database.url!, WORKERS_PER_PROCESS)))
        try {
          drains.push(await drain(postIds, workers, database.url!))
        } finally {
          await Promise.all(workers.map((worker) => worker.stop()))
        }
      }
      return drains as [Drain, Drain]
    }
    const [one, two] = await pair(posts, 'Backlog')
    await meta.control.configure({ latencyMs: WAITING_LATENCY_MS })
    const [slowOne, slowTwo] = await pair(Math.ceil(posts / 2), `Backlog with Meta at ${WAITING_LATENCY_MS} ms`)
    const atMeta = await meta.control.posts({ platform: 'facebook' })
    const distinct = new Set(atMeta.map((post) => ('pageId' in post ? `${post.pageId}|${post.message}` : post.id)))
    const published = await prisma.publishTarget.count({ where: { status: 'published' } })
    const common = { benchmark: 'queue-scale', unit: 'targets/s' }
    const detail = (d: Drain) =>
      `${d.targets} due targets settled in ${d.seconds.toFixed(1)} s, ${WORKERS_PER_PROCESS} jobs at a time per process; ` +
      `${d.lockWaiting.toFixed(1)} sessions waiting for a lock on average; ${cpuNote(d)}`
    const slow = `, Meta at ${WAITING_LATENCY_MS} ms`
    return [
      row({ ...common, case: '1 worker process', measured: round(one.perSecond, 1), baseline: null, notes: detail(one) }),
      row({
        ...common,
        case: '2 worker processes',
        measured: round(two.perSecond, 1),
        baseline: round(one.perSecond, 1),
        goal: { of: 'ratio', is: 'at least', value: 1.6 },
        notes: `ratio = speed-up over 1 process; ${detail(two)}`,
      }),
      row({ ...common, case: `1 worker process${slow}`, measured: round(slowOne.perSecond, 1), baseline: null, notes: detail(slowOne) }),
      row({
        ...common,
        case: `2 worker processes${slow}`,
        measured: round(slowTwo.perSecond, 1),
        baseline: round(slowOne.perSecond, 1),
        goal: { of: 'ratio', is: 'at least', value: 1.85 },
        notes: `ratio = speed-up over 1 process, with the cores to spare; ${detail(slowTwo)}`,
      }),
      row({
        benchmark: 'queue-scale',
        case: 'CPU per published target, 1 worker process',
        measured: round(one.cpu.processesMs / one.targets, 1),
        baseline: null,
        goal: { of: 'measured', is: 'at most', value: 4.5 },
        unit: 'ms',
        notes:
          "the worker process and the PostgreSQL backends of this database, from /proc, in the first drain (Meta at 0 ms); the CPU figure in that row's notes adds the benchmark and the sandbox",
      }),
      row({
        benchmark: 'queue-scale',
        case: 'duplicate publishes',
        measured: atMeta.length - distinct.size,
        baseline: null,
        goal: { of: 'measured', is: 'exactly', value: 0 },
        unit: 'posts',
        notes: `${atMeta.length} posts at Meta for ${published} published targets`,
      }),
    ]
  } finally {
    await meta.close()
    await database.close()
  }
}
