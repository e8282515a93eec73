/**
 * What every benchmark stands on: a configuration that can only reach the local Meta sandbox, a
 * fresh migrated database per benchmark (PGlite in memory, or a new PostgreSQL database), and the
 * sandbox itself, started and wired up exactly as `npm start`'s sandbox mode does.
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { closeDatabase, newPglite, useDatabase } from '#app/.server/db.ts'
import { getEnv, reloadEnv } from '#app/.server/env.ts'
import { stopBoss } from '#app/.server/boss.ts'
import { enterSandboxModeIfUnconfigured } from '#server/sandbox-mode.ts'
import { applyMigrations } from '#prisma/migrations.ts'
import {
  createPostgresDatabase,
  dropPostgresDatabase,
  pgliteDatabase,
  postgresDatabase,
  postgresDatabaseUrl,
  uniqueDatabaseName,
} from '#tests/db-utils.ts'
import { SandboxControl } from '../../sandbox/control-client.ts'
import type { ConfigPatch } from '../../sandbox/control-types.ts'

export type Engine = 'pglite' | 'postgres'

// Anything that could point the app at Meta itself, or at a developer's own database.
const OUTSIDE_WORLD = [
  'DATABASE_URL',
  'PGLITE_DIR',
  'META_SANDBOX_URL',
  'THREADS_APP_ID',
  'THREADS_APP_SECRET',
  'FACEBOOK_APP_ID',
  'FACEBOOK_APP_SECRET',
  'THREADS_API_URL',
  'THREADS_AUTHORIZE_URL',
  'FACEBOOK_GRAPH_URL',
  'FACEBOOK_AUTHORIZE_URL',
] as const

/**
 * Fills in what the app needs to run (secrets are random per run: nothing outlives it) and removes
 * whatever could reach Meta or another database. Idempotent, and keeps what a test setup chose.
 */
export function prepareEnvironment(): void {
  for (const name of OUTSIDE_WORLD) delete process.env[name]
  if (!process.env.DATA_DIR) {
    // Nothing is written there (the secrets are set), but the directory must not outlive the run.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duopost-bench-'))
    process.once('exit', () => fs.rmSync(dataDir, { recursive: true, force: true }))
    process.env.DATA_DIR = dataDir
  }
  process.env.APP_URL ??= 'http://localhost:3000'
  process.env.SESSION_SECRET ??= randomBytes(32).toString('base64')
  process.env.TOKEN_ENCRYPTION_KEY ??= randomBytes(32).toString('base64')
  reloadEnv()
}

export type FreshDatabase = {
  engine: Engine
  /** The PostgreSQL URL, for worker processes; null on PGlite (in this process only). */
  url: string | null
  close(): Promise<void>
}

// Migrating PGlite takes seconds; every benchmark starts from a copy of one migrated dump instead.
let pgliteTemplate: Promise<Blob> | undefined

/** Starts PGlite databases from this dump of a migrated database (the test setup's) instead. */
export function usePgliteTemplate(dumpPath: string): void {
  pgliteTemplate = fs.promises.readFile(dumpPath).then((bytes) => new Blob([bytes]))
}

async function migratedPgliteDump(): Promise<Blob> {
  const pglite = new PGlite('memory://')
  try {
    await applyMigrations(await pgliteDatabase(pglite))
    return await pglite.dumpDataDir('none')
  } finally {
    await pglite.close()
  }
}

/** Stops this process's pg-boss and closes its database, so the next benchmark starts clean. */
async function releaseDatabase(): Promise<void> {
  await stopBoss({ graceful: false, timeoutMs: 5_000 })
  await closeDatabase()
}

/** Makes a new, migrated, empty database this process's database until `close()`. */
export async function freshDatabase(engine: Engine): Promise<FreshDatabase> {
  await releaseDatabase()
  if (engine === 'pglite') {
    pgliteTemplate ??= migratedPgliteDump()
    useDatabase(await pgliteDatabase(newPglite({ loadDataDir: await pgliteTemplate })))
    return { engine, url: null, close: releaseDatabase }
  }
  const name = uniqueDatabaseName('test')
  await createPostgresDatabase(name)
  await applyMigrations(postgresDatabase(name))
  useDatabase(postgresDatabase(name))
  return {
    engine,
    url: postgresDatabaseUrl(name),
    async close() {
      await releaseDatabase()
      await dropPostgresDatabase(name)
    },
  }
}

export type MetaSandbox = {
  url: string
  control: SandboxControl
  threadsAppId: string
  facebookAppId: string
  close(): Promise<void>
}

/**
 * The local Meta sandbox on a free port with Duopost's apps registered and the configuration
 * pointing at it: `npm start`'s own sandbox mode. That mode refuses NODE_ENV=production (so a
 * misconfigured deployment never fakes Meta), but the benchmarks run production builds on purpose,
 * so it is asked as development; the configuration it leaves behind keeps NODE_ENV as it is.
 */
export async function startMetaSandbox(config: ConfigPatch = {}): Promise<MetaSandbox> {
  prepareEnvironment()
  const { sandbox, env } = await enterSandboxModeIfUnconfigured({ ...getEnv(), NODE_ENV: 'development', SANDBOX_PORT: 0 }, () => {})
  if (!sandbox || !env.THREADS_APP_ID || !env.FACEBOOK_APP_ID) throw new Error('The Meta sandbox did not start.')
  const control = new SandboxControl(sandbox.url)
  await control.configure(config)
  return {
    url: sandbox.url,
    control,
    threadsAppId: env.THREADS_APP_ID,
    facebookAppId: env.FACEBOOK_APP_ID,
    async close() {
      await sandbox.close()
      prepareEnvironment()
    },
  }
}
