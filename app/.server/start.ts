/**
 * `npm start`: check the configuration, bring the database schema up to date, build the app if the
 * build is missing or older than the code, then serve it. One command from a fresh clone.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { buildIsStale } from './build-freshness.ts'
import { closeDatabase, getDatabase } from './db.ts'
import { EnvError, getEnv, loadDotEnv } from './env.ts'
import { startHttpServer } from './http-server.ts'
import { startWorker } from './jobs/worker.ts'
import { enterSandboxModeIfUnconfigured } from './sandbox-mode.ts'
import { applyMigrations } from '#prisma/migrations.ts'

const root = process.cwd()
const buildDir = path.join(root, 'build')

function fail(message: string): never {
  console.error(message)
  process.exit(1)
}

/** The whole stop, every step included, ends within this; supervisors usually wait 30 s too. */
const STOP_DEADLINE_MS = 28_000

/**
 * One deadline for the whole stop: what is still open then (a `postUpdated` stream a client keeps
 * open, a keep-alive connection, a job still waiting for Meta) is cut by exiting. An interrupted
 * target is resumed by another worker (ADR 006), never lost.
 */
function exitAtDeadline(): void {
  setTimeout(() => {
    console.error(`Still not stopped after ${STOP_DEADLINE_MS / 1000} s; closing every open connection and exiting.`)
    process.exit(0)
  }, STOP_DEADLINE_MS).unref()
}

async function main() {
  loadDotEnv()
  let env
  try {
    env = getEnv()
  } catch (error) {
    if (error instanceof EnvError) fail(error.message)
    throw error
  }
  env = (await enterSandboxModeIfUnconfigured(env)).env

  const applied = await applyMigrations(getDatabase(), console.log)
  console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date.')

  if (buildIsStale(root, path.join(buildDir, 'server/index.js'))) {
    console.log('Building the app (first start or the code changed)…')
    const result = spawnSync('npx', ['remix', 'vite:build'], { cwd: root, stdio: 'inherit' })
    if (result.status !== 0) fail('The build failed; see the output above.')
  }

  const host = env.HOST ?? (env.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1')
  const server = await startHttpServer({ buildDir, port: env.PORT, host })
  console.log(`Duopost is running at ${env.APP_URL} (listening on ${host}:${env.PORT})`)
  // WORKERS=0 makes a web-only process; publish jobs then run in `npm run worker` processes.
  const worker = env.WORKERS > 0 ? await startWorker({ concurrency: env.WORKERS }) : null

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`${signal} received: no new requests or jobs; finishing running ones…`)
    exitAtDeadline()
    await Promise.all([server.close(), worker?.stop(STOP_DEADLINE_MS - 2_000)])
    await closeDatabase()
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))
}

await main()
