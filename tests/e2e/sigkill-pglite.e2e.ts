/**
 * Issue 14, case 7, on the zero-config engine: `npm start` on PGlite runs the worker inside the app
 * process, so SIGKILL takes the web server, the worker and the database down together. Meta makes
 * the post and its answer is held back; the app dies before it hears it. After a restart on the
 * same data directory, the target must resume (searching the Page before sending again) and be
 * posted exactly once, and a post made after the restart must not wait behind it.
 *
 * The sandbox runs as a process of its own (`npm run sandbox`), because sandbox mode keeps Meta's
 * side in the app's memory, which the kill would wipe; the app reaches it through the Meta
 * settings, as it would reach Meta.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, startApp, startSandboxProcess, type RunningApp, type SandboxProcess } from './app-process.ts'
import { connectNewPages, facebookAppAt, logIn, postForm } from './app-session.ts'

const SLOW = 150_000

async function targetStatuses(app: RunningApp, cookie: string): Promise<string[]> {
  const response = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ query: '{ posts(first: 10) { edges { node { text targets { status } } } } }' }),
  })
  const body = (await response.json()) as { data: { posts: { edges: { node: { targets: { status: string }[] } }[] } } }
  return body.data.posts.edges.flatMap((edge) => edge.node.targets.map((target) => target.status))
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (done(value) || Date.now() > deadline) return value
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

let sandbox: SandboxProcess
let parent: string
const apps: RunningApp[] = []

beforeAll(async () => {
  sandbox = await startSandboxProcess()
  parent = await fs.mkdtemp(path.join(os.tmpdir(), 'duopost-sigkill-'))
})

afterAll(async () => {
  for (const app of apps) await app.stop()
  sandbox?.process.kill('SIGTERM')
  if (parent) await fs.rm(parent, { recursive: true, force: true })
})

describe('SIGKILL of `npm start` on PGlite mid-call', () => {
  it('resumes the target exactly once after the restart, and a new post is not blocked', { timeout: 400_000 }, async () => {
    const port = await freePort()
    const appUrl = `http://localhost:${port}`
    const options = {
      port,
      dataDir: path.join(parent, 'data'),
      env: await facebookAppAt(sandbox, appUrl, 'Duopost (SIGKILL test)'),
    }
    const first = await startApp(options)
    apps.push(first)

    const cookie = await logIn(first, 'sigkill@example.com')
    const pageId = (await connectNewPages(first, sandbox, cookie))[0]!

    // Meta makes the post, then holds the answer far past the app's life.
    await sandbox.control.injectFault({ route: 'facebook.feed.create', afterEffect: true, delayMs: 240_000 })
    const publishForm = (text: string): [string, string][] => [
      ['intent', 'publish'],
      ['text', text],
      ['platform', 'FACEBOOK'],
      ['pageId', pageId],
      ['idempotencyKey', crypto.randomUUID()],
    ]
    expect((await postForm(first, '/dashboard', publishForm('Held when the app died'), cookie)).status).toBe(302)
    await waitFor(
      () => sandbox.control.posts({ platform: 'facebook' }),
      (posts) => posts.length > 0,
      SLOW,
    )
    first.signal('SIGKILL')
    await first.exited

    const second = await startApp(options)
    apps.push(second)
    expect((await postForm(second, '/dashboard', publishForm('Posted after the restart'), cookie)).status).toBe(302)
    const statuses = await waitFor(
      () => targetStatuses(second, cookie),
      (all) => all.length === 2 && all.every((status) => status === 'PUBLISHED'),
      SLOW,
    )
    expect(statuses, second.output()).toEqual(['PUBLISHED', 'PUBLISHED'])
    const posts = await sandbox.control.posts({ platform: 'facebook' })
    expect(posts.map((p) => ('message' in p ? p.message : '')).sort()).toEqual(['Held when the app died', 'Posted after the restart'])
  })
})
