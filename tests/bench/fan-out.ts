/**
 * Publish fan-out: one post with an image to Threads and N Pages, with every Meta call taking
 * LATENCY_MS, against the critical path (the Threads chain, or one Page post if that were longer)
 * and against publishing the same post one target after another.
 */
import type { PublishTarget } from '#prisma/generated/client/client.ts'
import { startWorker } from '#app/.server/jobs/worker.ts'
import { findPost, publishPost, recordPost } from '#app/.server/publishing/publish-post.ts'
import { runTarget } from '#app/.server/publishing/run-target.ts'
import { freshDatabase, startMetaSandbox, type Engine, type MetaSandbox } from './harness.ts'
import { inTurn, median, round, row, timed, type Row, type Size } from './measure.ts'
import { connectedUser } from './seed.ts'

const LATENCY_MS = 100
/** Meta's Pages API budget per Page and hour (sandbox/usage.ts, meta-api.md §3.3). */
const PAGE_CALLS_PER_HOUR = 4800
/** How long the sandbox keeps an image container IN_PROGRESS. */
const PROCESSING_MS = 500
/** Container, status, publish and permalink calls, then the processing delay; a Page post is one call. */
const LOWER_BOUND_MS = Math.max(4 * LATENCY_MS + PROCESSING_MS, LATENCY_MS)
/** Publishes measured per case; one on its own says more about the machine's moment than about us. */
const SAMPLES: Record<Size, number> = { full: 3, tiny: 1 }

function expectPublished(targets: readonly Pick<PublishTarget, 'status' | 'accountName' | 'errorMessage'>[]): void {
  const unpublished = targets.filter((target) => target.status !== 'published')
  if (unpublished.length > 0) {
    throw new Error(
      `Fan-out did not publish everywhere: ${unpublished.map((t) => `${t.accountName} ${t.status} ${t.errorMessage ?? ''}`).join('; ')}`,
    )
  }
}

/** The widest post every engine is measured at; an agency's 200 Pages are measured on PostgreSQL. */
const USUAL_WIDEST = 50
const AGENCY_PAGES = 200
/** Goals for the ratio to the lower bound, by number of Pages. */
const GOALS: Record<number, number> = { [USUAL_WIDEST]: 1.15, [AGENCY_PAGES]: 1.3 }

async function onEngine(engine: Engine, size: Size): Promise<Row[]> {
  const pageCounts = size === 'full' ? [1, 10, USUAL_WIDEST, ...(engine === 'postgres' ? [AGENCY_PAGES] : [])] : [2]
  const widest = Math.max(...pageCounts)
  const noQueuePages = Math.min(widest, USUAL_WIDEST)
  const database = await freshDatabase(engine)
  const meta = await startMetaSandbox({ latencyMs: 0 })
  // One publish job per target at once, or the fan-out would be measuring the queue instead.
  const concurrency = widest + 1
  const worker = await startWorker({ concurrency })
  try {
    const user = await connectedUser(meta, { threads: true, pages: widest })
    await meta.control.configure({ latencyMs: LATENCY_MS, processingMs: { IMAGE: PROCESSING_MS } })
    const imageUrl = meta.control.sampleMediaUrl('sample.png')
    const request = (pages: number, how: string) => ({
      platforms: ['threads', 'facebook'] as ('threads' | 'facebook')[],
      content: { text: `A photo for Threads and ${pages} Pages, ${how}.`, imageUrl },
      facebookPageIds: user.pageIds.slice(0, pages),
    })
    /** Runs a recorded post's targets directly, one after another or all at once. */
    const runRecorded = async (pages: number, how: string, run: (ids: string[]) => Promise<unknown>) => {
      const { post } = await recordPost(user.userId, request(pages, how))
      const { ms } = await timed(() => run(post.targets.map((target) => target.id)))
      expectPublished((await findPost(user.userId, post.id))!.targets)
      return ms
    }

    /** publishPost, and how long after it began the first call reached Meta (the time spent queueing). */
    const fanOutOnce = async (pages: number, how: string) => {
      await meta.control.clearCalls()
      const began = Date.now()
      const fanned = await timed(() => publishPost(user.userId, request(pages, how)))
      expectPublished(fanned.value.targets)
      // The sandbox logs a call when it answers, LATENCY_MS after it arrived.
      const [first] = await meta.control.calls()
      return { ms: fanned.ms, firstCallMs: Date.parse(first!.at) - LATENCY_MS - began }
    }

    // Unmeasured: the first publish to every Page also pays for compiling code and planning queries.
    const cold = size === 'full' ? await fanOutOnce(widest, 'to warm up') : null
    const rows: Row[] = []
    for (const pages of pageCounts) {
      const samples: { ms: number; firstCallMs: number }[] = []
      for (let i = 1; i <= SAMPLES[size]; i++) samples.push(await fanOutOnce(pages, `fanned out, sample ${i}`))
      const times = samples.map((sample) => sample.ms)
      const coldNote = cold && pages === widest ? `; the unmeasured first publish took ${round(cold.ms)} ms` : ''
      const common = { benchmark: 'fan-out', baseline: LOWER_BOUND_MS, unit: 'ms' }
      const goal = size === 'full' ? GOALS[pages] : undefined
      const pageUsage = pages === AGENCY_PAGES ? `; ${await busiestPage(meta, user.pageIds.slice(0, pages))}` : ''
      rows.push(
        row({
          ...common,
          case: `Threads + ${pages} Pages on ${engine}: publishPost`,
          measured: round(median(times)),
          goal: goal === undefined ? undefined : { of: 'ratio', is: 'at most', value: goal },
          notes:
            `median of ${samples.length} publishes (${round(Math.min(...times))}–${round(Math.max(...times))} ms); ` +
            `baseline = lower bound 4×${LATENCY_MS} + ${PROCESSING_MS} ms processing; ` +
            `first Meta call after ${round(median(samples.map((sample) => sample.firstCallMs)))} ms (median); ${concurrency} publish jobs at a time (in process)${coldNote}${pageUsage}`,
        }),
      )
      // 200 Pages one after another would take 20 s a sample and says nothing new.
      if (pages > USUAL_WIDEST) continue
      const sequential = await runRecorded(pages, 'one target after another', async (ids) => {
        for (const id of ids) await runTarget(id)
      })
      rows.push(
        row({
          ...common,
          case: `Threads + ${pages} Pages on ${engine}: one after another (naive)`,
          measured: round(sequential),
          notes: 'runTarget on each target in turn',
        }),
      )
    }
    const direct = await runRecorded(noQueuePages, 'all at once without the queue', (ids) => Promise.all(ids.map((id) => runTarget(id))))
    rows.push(
      row({
        benchmark: 'fan-out',
        case: `Threads + ${noQueuePages} Pages on ${engine}: every target at once, no job queue`,
        measured: round(direct),
        baseline: LOWER_BOUND_MS,
        unit: 'ms',
        notes: 'runTarget on every target at once in this process: what publishPost adds to this is the cost of the job queue',
      }),
    )
    return rows
  } finally {
    await worker.stop(5_000)
    await meta.close()
    await database.close()
  }
}

/**
 * How close the widest fan-out comes to Meta's per-Page limit (4,800 calls an hour per Page, which
 * the sandbox's usage headers report as Meta does).
 */
async function busiestPage(meta: MetaSandbox, pageIds: readonly string[]): Promise<string> {
  const calls = await meta.control.calls()
  const perPage = new Map<string, number>()
  for (const call of calls) {
    const pageId = pageIds.find((id) => call.path.includes(id))
    if (pageId) perPage.set(pageId, (perPage.get(pageId) ?? 0) + 1)
  }
  const most = Math.max(0, ...perPage.values())
  return `busiest Page: ${most} calls in the last publish, ${round((most * 100) / PAGE_CALLS_PER_HOUR, 2)}% of Meta's hourly limit per Page (Duopost has no limiter of its own; Meta's refusals are retried after the wait Meta names)`
}

export function fanOut(options: { size: Size; engines: readonly Engine[] }): Promise<Row[]> {
  return inTurn(options.engines, (engine) => onEngine(engine, options.size))
}
