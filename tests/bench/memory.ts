/**
 * Memory of `npm start` on PGlite (the zero-configuration setup, web server and worker in one
 * process): its peak while starting, and its resident size once idle after many publishes. The
 * Meta sandbox runs as a process of its own at latency 0, so what it keeps of every post is not
 * counted as the app's.
 */
import fs from 'node:fs/promises'
import { startApp, startSandboxProcess, type RunningApp, type SandboxProcess } from '../e2e/app-process.ts'
import { connectNewPages, facebookAppAt, freePortUrl, logIn } from '../e2e/app-session.ts'
import { row, type Row, type Size } from './measure.ts'

const COUNTS = { tiny: { first: 10, middle: 20, last: 40 }, full: { first: 100, middle: 2_000, last: 5_000 } }
/** Publishes in flight at once, as a few people posting together would have them. */
const IN_FLIGHT = 8
/** Spread over several Pages, so that no Page nears Meta's hourly call limit. */
const PAGES = 20
/** Time for the last jobs' timers, completions and a garbage collection to pass once all targets settled. */
const SETTLE_MS = 5_000

const PUBLISH = `mutation ($input: PublishPostInput!) {
  publishPost(input: $input) { __typename ... on Error { message } }
}`

async function memoryOf(pid: number): Promise<{ rssMb: number; peakMb: number }> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8')
  const kilobytes = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1])
  return { rssMb: Math.round(kilobytes('VmRSS') / 1024), peakMb: Math.round(kilobytes('VmHWM') / 1024) }
}

/** Once /healthz says the process can serve and take jobs, it has opened its database and started its worker. */
async function ready(app: RunningApp): Promise<void> {
  while ((await fetch(`${app.url}/healthz`)).status !== 200) await new Promise((resolve) => setTimeout(resolve, 200))
}

async function publishOne(app: RunningApp, cookie: string, pageId: string, text: string): Promise<void> {
  const response = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: app.url, cookie },
    body: JSON.stringify({
      query: PUBLISH,
      variables: { input: { platforms: ['FACEBOOK'], facebookPageIds: [pageId], content: { text } } },
    }),
  })
  const body = (await response.json()) as { data?: { publishPost: { __typename: string; message?: string } }; errors?: unknown }
  if (body.data?.publishPost.__typename !== 'PublishPostResult') throw new Error(`Publishing failed: ${JSON.stringify(body)}`)
}

/** Publishes posts `from` (inclusive) to `to` (exclusive), IN_FLIGHT at a time, and waits until Meta has them all. */
async function publishRange(app: RunningApp, sandbox: SandboxProcess, cookie: string, pageIds: string[], from: number, to: number) {
  let next = from
  const sender = async () => {
    while (next < to) {
      const index = next++
      await publishOne(app, cookie, pageIds[index % pageIds.length]!, `Memory benchmark post ${index}`)
    }
  }
  await Promise.all(Array.from({ length: IN_FLIGHT }, sender))
  for (;;) {
    const posted = (await sandbox.control.posts({ platform: 'facebook' })).length
    if (posted >= to) break
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS))
}

export async function memory(options: { size: Size }): Promise<Row[]> {
  const counts = COUNTS[options.size]
  const sandbox = await startSandboxProcess()
  let app: RunningApp | null = null
  try {
    const { port, url } = await freePortUrl()
    app = await startApp({
      port,
      env: { ...(await facebookAppAt(sandbox, url, 'Duopost (memory benchmark)')), SESSION_RATE_LIMIT: '100000' },
    })
    await ready(app)
    const atStart = await memoryOf(app.pid)
    const cookie = await logIn(app, 'memory@example.com')
    const pageIds = await connectNewPages(app, sandbox, cookie, PAGES)
    await publishRange(app, sandbox, cookie, pageIds, 0, counts.first)
    const afterFirst = await memoryOf(app.pid)
    await publishRange(app, sandbox, cookie, pageIds, counts.first, counts.middle)
    const afterMiddle = await memoryOf(app.pid)
    await publishRange(app, sandbox, cookie, pageIds, counts.middle, counts.last)
    const afterLast = await memoryOf(app.pid)
    const setup = `npm start on PGlite, the sandbox in its own process at latency 0, ${IN_FLIGHT} publishes in flight`
    return [
      row({
        benchmark: 'memory',
        case: 'peak RSS of npm start while starting',
        measured: atStart.peakMb,
        baseline: null,
        unit: 'MB',
        notes: `VmHWM once /healthz answers 200 (database open, worker started); ${setup}`,
        goal: { of: 'measured', is: 'at most', value: 450 },
      }),
      row({
        benchmark: 'memory',
        case: `RSS idle after ${counts.middle} publishes`,
        measured: afterMiddle.rssMb,
        baseline: null,
        unit: 'MB',
        notes: `VmRSS ${SETTLE_MS / 1000} s after the last target settled; peak so far ${afterMiddle.peakMb} MB`,
        goal: { of: 'measured', is: 'at most', value: 300 },
      }),
      row({
        benchmark: 'memory',
        case: `RSS after ${counts.last} publishes / after ${counts.first}`,
        measured: afterLast.rssMb,
        baseline: afterFirst.rssMb,
        unit: 'MB',
        notes: `growth with use; peak ${afterLast.peakMb} MB`,
        goal: { of: 'ratio', is: 'at most', value: 1.2 },
      }),
    ]
  } finally {
    await app?.stop()
    sandbox.process.kill('SIGTERM')
  }
}
