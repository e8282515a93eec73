/**
 * `npm run worker`: a process that only runs jobs (publishing, token health, the sweeper) on the
 * configured database; run as many as you like beside the web processes.
 */
import { closeDatabase, getDatabase } from '../db.ts'
import { EnvError, getEnv, loadDotEnv } from '../env.ts'
import { applyMigrations } from '#prisma/migrations.ts'
import { startWorker } from './worker.ts'

loadDotEnv()
let env
try {
  env = getEnv()
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message)
    process.exit(1)
  }
  throw error
}
await applyMigrations(getDatabase(), console.log)
const worker = await startWorker({ concurrency: Math.max(1, env.WORKERS) })
console.log(`Duopost worker running ${Math.max(1, env.WORKERS)} publish jobs at a time.`)

const STOP_DEADLINE_MS = 28_000
let stopping = false
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    console.log(`${signal} received: finishing running jobs, then exiting.`)
    // One deadline for the whole stop, closing the database included.
    setTimeout(() => process.exit(0), STOP_DEADLINE_MS).unref()
    void worker
      .stop(STOP_DEADLINE_MS - 2_000)
      .then(() => closeDatabase())
      .then(() => process.exit(0))
  })
}
