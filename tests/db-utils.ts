import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { PrismaPGlite } from 'pglite-prisma-adapter'
import { getDatabase, newPglite, openDatabase } from '#app/.server/db.ts'
import { postgresPoolConfig, type Database } from '#prisma/database.ts'

export type TestDatabaseKind = 'pglite' | 'postgres'

/** Which engine this vitest project runs database-backed tests on (set per project in vite.config.ts). */
export function testDatabaseKind(): TestDatabaseKind {
  const kind = process.env.TEST_DATABASE
  if (kind === 'pglite' || kind === 'postgres') return kind
  throw new Error(`TEST_DATABASE is "${kind ?? ''}"; run database tests through the pglite or postgres vitest project.`)
}

/** The PostgreSQL server tests create their databases on; its database is only used to run CREATE DATABASE. */
export function testPostgresUrl(): string {
  return process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test'
}

/** A database name no other test file or concurrent run uses; it names the process that owns it. */
export function uniqueDatabaseName(purpose: 'tpl' | 'test' | 'empty'): string {
  return `duopost_${purpose}_${process.pid}_${randomBytes(4).toString('hex')}`
}

const TEST_DATABASE_NAME = /^duopost_[a-z]+_(\d+)_[0-9a-f]{8}$/

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Drops the test databases of runs that were killed before their teardown (vitest skips teardown
 * on SIGTERM). Process ids only mean something on this machine, so only for a local server.
 */
export async function dropDatabasesOfDeadRuns(): Promise<void> {
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(testPostgresUrl()).hostname)) return
  const rows = await adminQuery<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'duopost\\_%'`)
  const stale = rows
    .map((row) => row.datname)
    .filter((name) => {
      const pid = TEST_DATABASE_NAME.exec(name)?.[1]
      return pid !== undefined && !processIsAlive(Number(pid))
    })
  for (const name of stale) await dropPostgresDatabase(name)
}

export function postgresDatabaseUrl(name: string): string {
  const url = new URL(testPostgresUrl())
  url.pathname = `/${name}`
  return url.toString()
}

/** Runs one statement on the test server's maintenance database (CREATE/DROP DATABASE). */
export async function adminQuery<Row>(sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: testPostgresUrl() })
  await client.connect()
  try {
    return (await client.query(sql)).rows as Row[]
  } finally {
    await client.end()
  }
}

export async function createPostgresDatabase(name: string, template?: string): Promise<void> {
  await adminQuery(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`)
}

export async function dropPostgresDatabase(name: string): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
}

/** A Database handle for PostgreSQL database `name` on the test server. */
export function postgresDatabase(name: string): Database {
  return openDatabase({ DATABASE_URL: postgresDatabaseUrl(name), DATA_DIR: os.tmpdir() })
}

export async function pgliteDatabase(pglite: PGlite): Promise<Database> {
  await pglite.waitReady
  return { kind: 'pglite', pglite, adapter: new PrismaPGlite(pglite) }
}

/** An in-memory PGlite database starting from a `dumpDataDir()` file. */
export async function pgliteFromDump(dumpPath: string): Promise<Database> {
  return pgliteDatabase(newPglite({ loadDataDir: new Blob([await fs.readFile(dumpPath)]) }))
}

/** Rows exactly as the driver returns them, for tests that inspect what is stored. */
/** A database with no tables at all on the engine under test (not a copy of the template). */
export async function emptyDatabase(): Promise<{ database: Database; remove: () => Promise<void> }> {
  if (testDatabaseKind() === 'pglite') {
    const pglite = new PGlite('memory://')
    return { database: await pgliteDatabase(pglite), remove: () => pglite.close() }
  }
  const name = uniqueDatabaseName('empty')
  await createPostgresDatabase(name)
  return { database: postgresDatabase(name), remove: () => dropPostgresDatabase(name) }
}

export async function rawQuery<Row>(sql: string, params: unknown[] = [], database: Database = getDatabase()): Promise<Row[]> {
  if (database.kind === 'pglite') return (await database.pglite.query<Row>(sql, params)).rows
  const client = new pg.Client(postgresPoolConfig(database))
  await client.connect()
  try {
    return (await client.query(sql, params)).rows as Row[]
  } finally {
    await client.end()
  }
}
