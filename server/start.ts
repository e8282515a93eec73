/**
 * `npm start`: check the configuration, bring the database schema up to date, build the app if the
 * build is missing or older than the code, then serve it. One command from a fresh clone.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { startWorker } from '#app/.server/jobs/worker.ts'
import { buildIsStale } from './build-freshness.ts'
import { startHttpServer } from './http-server.ts'
import { announceMail, fail, migrateDatabase, readConfig, stopOnSignal } from './lifecycle.ts'
import { enterSandboxModeIfUnconfigured } from './sandbox-mode.ts'

const root = process.cwd()
const buildDir = path.join(root, 'build')

async function main() {
  const env = (await enterSandboxModeIfUnconfigured(readConfig())).env

  await migrateDatabase()

  if (buildIsStale(root, path.join(buildDir, 'server/index.js'))) {
    console.log('Building the app (first start or the code changed)…')
    const result = spawnSync('npx', ['remix', 'vite:build'], { cwd: root, stdio: 'inherit' })
    if (result.status !== 0) fail('The build failed; see the output above.')
  }

  const host = env.HOST ?? (env.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1')
  const server = await startHttpServer({ buildDir, port: env.PORT, host })
  console.log(`Duopost is running at ${env.APP_URL} (listening on ${host}:${env.PORT})`)
  announceMail(env)
  // WORKERS=0 makes a web-only process; publish jobs then run in `npm run worker` processes.
  const worker = env.WORKERS > 0 ? await startWorker({ concurrency: env.WORKERS }) : null

  stopOnSignal('no new requests or jobs; finishing running ones…', (timeoutMs) => Promise.all([server.close(), worker?.stop(timeoutMs)]))
}

await main()
