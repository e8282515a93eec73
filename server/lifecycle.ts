/**
 * What every Duopost process does on the way up and on the way down: `npm start` (web and jobs) and
 * `npm run worker` (jobs only) share one bootstrap and one shutdown.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import path from 'node:path'
import { closeDatabase } from '#app/.server/db.ts'
import { EnvError, getEnv, loadDotEnv, type Env } from '#app/.server/env.ts'
import { MAIL_OFF_MESSAGE, mailMode } from '#app/.server/mail/mail-mode.ts'

/** The whole stop, every step included, ends within this; supervisors usually wait 30 s too. */
export const STOP_DEADLINE_MS = 28_000

export function fail(message: string): never {
  console.error(message)
  process.exit(1)
}

/** Reads the configuration (.env, then the environment); a missing or malformed setting stops the process with its message. */
export function readConfig(): Env {
  loadDotEnv()
  try {
    return getEnv()
  } catch (error) {
    if (error instanceof EnvError) fail(error.message)
    throw error
  }
}

/** Says at start-up where email goes; in production without SMTP_URL, that mail features are off. */
export function announceMail(env: Env): void {
  const mode = mailMode(env)
  if (mode === 'off') console.warn(MAIL_OFF_MESSAGE)
  else if (mode === 'outbox') console.log(`Email is kept in the local outbox (SMTP_URL is not set): read it at ${env.APP_URL}/dev/mailbox`)
  else console.log(`Email is sent through ${new URL(env.SMTP_URL!).host}.`)
}

/**
 * Brings the database schema up to date (several processes starting at once take turns) in a
 * short-lived child process running `npm run db:migrate`'s script. Creating a PGlite database and
 * loading the schema engine take several hundred MB that a serving process would otherwise hold
 * for its whole life (docs/performance.md, memory).
 */
export async function migrateDatabase(): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'migrate.ts')], {
    env: process.env,
    stdio: 'inherit',
  })
  const [code] = (await once(child, 'exit')) as [number | null]
  if (code !== 0) fail('Bringing the database schema up to date failed; see the message above.')
}

/**
 * On SIGTERM or SIGINT: `stop` ends what the process runs (new requests and jobs are refused, running
 * ones finish), then the database is closed and the process exits. One deadline for the whole
 * stop: what is still open then (a `postUpdated` stream a client keeps open, a keep-alive
 * connection, a job still waiting for Meta) is cut by exiting. An interrupted target is resumed by
 * another worker (ADR 006), never lost.
 */
export function stopOnSignal(announcement: string, stop: (timeoutMs: number) => Promise<unknown>): void {
  let stopping = false
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return
      stopping = true
      console.log(`${signal} received: ${announcement}`)
      setTimeout(() => {
        console.error(`Still not stopped after ${STOP_DEADLINE_MS / 1000} s; closing every open connection and exiting.`)
        process.exit(0)
      }, STOP_DEADLINE_MS).unref()
      // Two seconds of the deadline are left for closing the database.
      void stop(STOP_DEADLINE_MS - 2_000)
        .then(() => closeDatabase())
        .then(() => process.exit(0))
    })
  }
}
