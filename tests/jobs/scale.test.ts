import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { prisma } from '#app/.server/db.ts'
import { reloadEnv } from '#app/.server/env.ts'
import { enqueueTarget } from '#app/.server/publishing/publish-queue.ts'
import { recordPost } from '#app/.server/publishing/publish-post.ts'
import { testDatabaseKind } from '#tests/db-utils.ts'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { connectedUser } from '#tests/publishing/helpers.ts'
import { waitUntil } from './helpers.ts'

// Many processes on one PostgreSQL is the scale-out setup; PGlite is one process by design.
const postgres = testDatabaseKind() === 'postgres'
const meta = useMetaSandbox()
const root = path.resolve(import.meta.dirname, '../..')
const EXPIRE_SECONDS = 10
const workers: ChildProcess[] = []

beforeAll(() => {
  // Jobs of a killed worker come back after this long; short, so the test need not wait minutes.
  process.env.JOB_EXPIRE_SECONDS = String(EXPIRE_SECONDS)
  reloadEnv()
})

afterEach(() => {
  for (const worker of workers.splice(0)) worker.kill('SIGKILL')
})

/** A `npm run worker` process on this test's database and sandbox; resolves once it takes jobs. */
async function startWorkerProcess(concurrency: number): Promise<ChildProcess> {
  // The file's own DATA_DIR (tests/setup/test-config.ts), which is removed after the file.
  const env = { ...process.env, WORKERS: String(concurrency) }
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/worker.ts'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  workers.push(child)
  await new Promise<void>((resolve, reject) => {
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('worker running')) resolve()
    })
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code) => reject(new Error(`The worker exited with ${code}: ${output}`)))
  })
  return child
}

/** `posts` posts to every Page of one person, recorded and queued: posts × Pages due targets. */
async function dueTargets(pages: number, posts: number): Promise<string[]> {
  const user = await connectedUser(meta, { threads: false, pages })
  const ids: string[] = []
  for (let i = 0; i < posts; i++) {
    const { post } = await recordPost(user.userId, {
      platforms: ['facebook'],
      content: { text: `Scale post ${i}` },
      facebookPageIds: user.pageIds,
    })
    ids.push(...post.targets.map((target) => target.id))
  }
  for (const id of ids) await enqueueTarget(id)
  return ids
}

function settled(ids: string[]) {
  return waitUntil(
    () => prisma.publishTarget.groupBy({ by: ['status'], where: { id: { in: ids } }, _count: true }),
    (groups) => groups.every((group) => ['published', 'failed', 'unconfirmed'].includes(group.status)),
    150_000,
  )
}

async function expectEachPublishedOnce(ids: string[]) {
  const posts = await meta.control.posts({ platform: 'facebook' })
  const keys = posts.map((p) => ('pageId' in p ? `${p.pageId}|${p.message}` : ''))
  expect(new Set(keys).size).toBe(keys.length)
  const published = await prisma.publishTarget.count({ where: { id: { in: ids }, status: 'published' } })
  const unconfirmed = await prisma.publishTarget.count({ where: { id: { in: ids }, status: 'unconfirmed' } })
  expect(published + unconfirmed).toBe(ids.length)
  // Every published target is one post at Meta, and nothing else was posted.
  expect(posts.length).toBe(published)
  return { published, unconfirmed }
}

describe.runIf(postgres)('scale-out on PostgreSQL with worker processes', () => {
  it('two workers publish 500 due targets, each exactly once', { timeout: 240_000 }, async () => {
    await Promise.all([startWorkerProcess(8), startWorkerProcess(8)])
    const ids = await dueTargets(25, 20)
    expect(ids).toHaveLength(500)
    await settled(ids)
    const { published } = await expectEachPublishedOnce(ids)
    expect(published).toBe(500)
    expect(await meta.control.calls({ route: 'facebook.feed.create' })).toHaveLength(500)
  })

  it('when one worker is killed mid-run, the other finishes the rest, still exactly once', { timeout: 240_000 }, async () => {
    await meta.control.configure({ latencyMs: 20 })
    const [doomed] = await Promise.all([startWorkerProcess(8), startWorkerProcess(8)])
    const ids = await dueTargets(10, 30)
    await waitUntil(
      () => prisma.publishTarget.count({ where: { id: { in: ids }, status: 'published' } }),
      (n) => n >= 60,
    )
    doomed.kill('SIGKILL')
    await settled(ids)
    await expectEachPublishedOnce(ids)
  })

  it(
    'SIGKILL mid-call: another worker process resumes the target once, and new posts are not blocked meanwhile',
    { timeout: 150_000 },
    async () => {
      // Meta makes the post, then holds the answer: the worker dies with the post made but unrecorded.
      await meta.control.injectFault({ route: 'facebook.feed.create', afterEffect: true, delayMs: 120_000 })
      const doomed = await startWorkerProcess(2)
      const [held] = await dueTargets(1, 1)
      await waitUntil(
        () => meta.control.posts({ platform: 'facebook' }),
        (posts) => posts.length > 0,
      )
      const exited = new Promise((resolve) => doomed.once('exit', resolve))
      doomed.kill('SIGKILL')
      await exited

      await startWorkerProcess(2)
      const [fresh] = await dueTargets(1, 1)
      const rows = await waitUntil(
        () => prisma.publishTarget.findMany({ where: { id: { in: [held!, fresh!] } }, orderBy: { createdAt: 'asc' } }),
        (targets) => targets.every((target) => target.status === 'published'),
        120_000,
      )
      expect(rows.map((target) => target.status)).toEqual(['published', 'published'])
      await expectEachPublishedOnce([held!, fresh!])
    },
  )

  it('SIGTERM stops taking jobs, lets running ones finish, then exits', { timeout: 120_000 }, async () => {
    await meta.control.configure({ latencyMs: 300 })
    const first = await startWorkerProcess(4)
    const ids = await dueTargets(5, 6)
    await waitUntil(
      () => prisma.publishTarget.count({ where: { id: { in: ids }, status: 'publishing' } }),
      (n) => n > 0,
    )
    const exited = new Promise<number | null>((resolve) => first.once('exit', resolve))
    first.kill('SIGTERM')
    expect(await exited).toBe(0)
    // Nothing is left half-done: every target either finished or never started.
    const statuses = await prisma.publishTarget.findMany({ where: { id: { in: ids } }, select: { status: true } })
    expect(statuses.every((t) => t.status === 'published' || t.status === 'queued')).toBe(true)
    expect(statuses.some((t) => t.status === 'queued')).toBe(true)

    await startWorkerProcess(4)
    await settled(ids)
    const { published } = await expectEachPublishedOnce(ids)
    expect(published).toBe(ids.length)
  })
})
