/**
 * `npm run worker`: a process that only runs jobs (publishing, token health, the sweeper) on the
 * configured database; run as many as you like beside the web processes.
 */
import { startWorker } from '#app/.server/jobs/worker.ts'
import { announceMail, migrateDatabase, readConfig, stopOnSignal } from './lifecycle.ts'

const env = readConfig()
await migrateDatabase()
const worker = await startWorker({ concurrency: Math.max(1, env.WORKERS) })
console.log(`Duopost worker running ${Math.max(1, env.WORKERS)} publish jobs at a time.`)
announceMail(env)
stopOnSignal('finishing running jobs, then exiting.', (timeoutMs) => worker.stop(timeoutMs))
