/**
 * Dashboard: server render time of /dashboard through the production build (as `npm start`
 * serves it) for a user with 50 Pages and 1,000 posts, and the JavaScript that page ships.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { buildIsStale } from '#server/build-freshness.ts'
import { startHttpServer } from '#server/http-server.ts'
import { plainEnvironment } from '#tests/e2e/app-process.ts'
import { freshDatabase, startMetaSandbox, type Engine } from './harness.ts'
import { median, percentile, round, row, timed, type Row, type Size } from './measure.ts'
import { connectedUser, seedPublishedPosts } from './seed.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')
const BUILD_DIR = path.join(ROOT, 'build')
const RENDERS = 20

/**
 * Builds the app as `npm start` would, when the build is older than the code; at the tiny size
 * (the test) only when there is none, since a build takes a minute (`npm test` makes a fresh one
 * before any test runs, for the browser tests).
 */
function ensureBuild(size: Size): void {
  const serverBuild = path.join(BUILD_DIR, 'server/index.js')
  if (size === 'tiny' ? fs.existsSync(serverBuild) : !buildIsStale(ROOT, serverBuild)) return
  // plainEnvironment drops VITEST, under which vite.config.ts leaves the Remix plugin out.
  const result = spawnSync('npx', ['remix', 'vite:build'], { cwd: ROOT, env: plainEnvironment({}), encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`Building the app failed:\n${result.stdout}\n${result.stderr}`)
}

/** The scripts the page loads up front: module scripts, modulepreloads and the imports inlined by Remix. */
function shippedScripts(html: string): string[] {
  return [...new Set([...html.matchAll(/["'](\/assets\/[^"']+\.js)["']/g)].map((match) => match[1]!))]
}

function scriptBytes(urls: string[]): { raw: number; gzip: number } {
  let raw = 0
  let gzip = 0
  for (const url of urls) {
    const asset = path.join(BUILD_DIR, 'client', url)
    if (!fs.existsSync(asset)) throw new Error(`${url} is not in build/client: the app was rebuilt while the benchmark ran. Run it again.`)
    const file = fs.readFileSync(asset)
    raw += file.length
    // Level 6 is what the compression middleware in http-server.ts uses.
    gzip += gzipSync(file, { level: 6 }).length
  }
  return { raw, gzip }
}

export async function dashboard(options: { size: Size; engine?: Engine }): Promise<Row[]> {
  const [pages, posts] = options.size === 'full' ? [50, 1_000] : [3, 20]
  ensureBuild(options.size)
  const database = await freshDatabase(options.engine ?? 'pglite')
  const meta = await startMetaSandbox()
  const server = await startHttpServer({ buildDir: BUILD_DIR, port: 0 })
  try {
    const user = await connectedUser(meta, { threads: true, pages })
    await seedPublishedPosts(user.userId, posts)
    const render = async (route = '/dashboard') => {
      const response = await fetch(`${server.url}${route}`, { headers: { cookie: user.cookie } })
      const html = await response.text()
      if (response.status !== 200 || !html.includes('</html>'))
        throw new Error(`${route} answered ${response.status}: ${html.slice(0, 300)}`)
      return html
    }
    const html = await render()
    const postsHtml = await render('/posts')
    // Untimed warm-up, then RENDERS requests one after another.
    for (let i = 0; i < 3; i++) await render()
    const times: number[] = []
    for (let i = 0; i < RENDERS; i++) times.push((await timed(render)).ms)
    const scripts = shippedScripts(html)
    const bytes = scriptBytes(scripts)
    const who = `${pages} Pages, ${posts} posts`
    return [
      row({
        benchmark: 'dashboard',
        case: `server render, ${who}`,
        measured: round(median(times), 1),
        baseline: null,
        unit: 'ms',
        notes: `median of ${RENDERS} sequential GETs; p90 ${round(percentile(times, 90), 1)} ms; ${Math.round(html.length / 1024)} KiB of HTML; NODE_ENV=${process.env.NODE_ENV}`,
      }),
      // The page summarises each post in one line and shows a few; its size no longer grows with
      // the history or the number of Pages (issue 17: it was 492 KiB here).
      row({
        benchmark: 'dashboard',
        case: `HTML of /dashboard, ${who}`,
        measured: round(html.length / 1024, 1),
        baseline: null,
        unit: 'KiB',
        notes: 'the whole page as served, before compression',
        goal: { of: 'measured', is: 'at most', value: 100 },
      }),
      row({
        benchmark: 'dashboard',
        case: `HTML of /posts, ${who}`,
        measured: round(postsHtml.length / 1024, 1),
        baseline: null,
        unit: 'KiB',
        notes: 'the first page of 20 posts and Upcoming, before compression',
        goal: { of: 'measured', is: 'at most', value: 100 },
      }),
      row({
        benchmark: 'dashboard',
        case: 'JavaScript shipped',
        measured: bytes.gzip,
        baseline: null,
        unit: 'bytes gzip',
        notes: `${scripts.length} scripts, ${bytes.raw} bytes before gzip`,
      }),
    ]
  } finally {
    await server.close()
    await meta.close()
    await database.close()
  }
}
