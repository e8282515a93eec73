import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaPGlite } from 'pglite-prisma-adapter'
import { postgresPoolConfig, type Database } from '#prisma/database.ts'
import { PrismaClient } from '#prisma/generated/client/client.ts'
import { getEnv, type Env } from './env.ts'
import { ensurePrivateDir, tighten } from './private-files.ts'

/** `?schema=` picks a PostgreSQL schema (as Prisma's own URLs do); `public` when absent. */
export function postgresTarget(databaseUrl: string): { url: string; schema: string } {
  const url = new URL(databaseUrl)
  const schema = url.searchParams.get('schema') ?? 'public'
  url.searchParams.delete('schema')
  return { url: url.toString(), schema }
}

export function pgliteDir(env: Pick<Env, 'PGLITE_DIR' | 'DATA_DIR'>): string {
  if (env.PGLITE_DIR === 'memory://') return env.PGLITE_DIR
  return path.resolve(env.PGLITE_DIR ?? path.join(env.DATA_DIR, 'pglite'))
}

/**
 * PGlite keeps PostgreSQL's shared buffers inside its WebAssembly memory, which never shrinks, and
 * its 128 MB default fills as data is touched. Its files are ordinary files that the operating
 * system caches anyway, so 32 MB costs little speed and saves about 100 MB of RSS at start and more
 * after a day of publishing (docs/performance.md). Set on the command line, as PGlite's
 * `postgresqlconf` option would replace the data directory's whole configuration file.
 */
const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB']

/** PGlite with Duopost's settings: in memory, in a data directory, or from a dump. */
export function newPglite(source: string | { loadDataDir: Blob }): PGlite {
  return typeof source === 'string'
    ? new PGlite(source, { startParams: PGLITE_START_PARAMS })
    : new PGlite({ ...source, startParams: PGLITE_START_PARAMS })
}

export function openDatabase(env: Pick<Env, 'DATABASE_URL' | 'PGLITE_DIR' | 'DATA_DIR'>): Database {
  if (env.DATABASE_URL) {
    const target = postgresTarget(env.DATABASE_URL)
    const adapter = new PrismaPg(postgresPoolConfig(target), { schema: target.schema })
    return { kind: 'postgresql', ...target, adapter }
  }
  const dir = pgliteDir(env)
  if (dir === 'memory://') return pgliteDatabase(newPglite(dir))
  // In every mode: production has no local-secrets step that would have made DATA_DIR first.
  ensurePrivateDir(env.PGLITE_DIR ? dir : path.resolve(env.DATA_DIR))
  const pglite = newPglite(dir)
  // A new database's first files are unpacked with mode 0666 whatever the umask; fix them before
  // the first query runs (this callback was registered before any query could wait on it).
  void pglite.waitReady.then(() => tighten(dir))
  return pgliteDatabase(pglite)
}

function pgliteDatabase(pglite: PGlite): Database {
  return { kind: 'pglite', pglite, adapter: new PrismaPGlite(pglite) }
}

// One database and one client per process; kept on globalThis so Vite's dev reloads reuse them.
const globalStore = globalThis as typeof globalThis & {
  __duopostDb?: { database: Database; prisma: PrismaClient }
}

function withClient(database: Database) {
  return { database, prisma: new PrismaClient({ adapter: database.adapter }) }
}

function instance() {
  globalStore.__duopostDb ??= withClient(openDatabase(getEnv()))
  return globalStore.__duopostDb
}

/**
 * Makes this process use `database` instead of opening the configured one; tests use it to give
 * each file its own copy of a migrated PGlite database. Must run before the first query.
 */
export function useDatabase(database: Database): void {
  if (globalStore.__duopostDb) throw new Error('useDatabase() was called after the database was already opened.')
  globalStore.__duopostDb = withClient(database)
}

export function getDatabase(): Database {
  return instance().database
}

export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  has: (_target, property) => Reflect.has(instance().prisma, property),
  get(_target, property) {
    const client = instance().prisma
    const value = Reflect.get(client, property, client) as unknown
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(client) : value
  },
})

export async function closeDatabase(): Promise<void> {
  const current = globalStore.__duopostDb
  if (!current) return
  globalStore.__duopostDb = undefined
  await current.prisma.$disconnect()
  if (current.database.kind === 'pglite') await current.database.pglite.close()
}
