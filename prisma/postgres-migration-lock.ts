import { PrismaPg } from '@prisma/adapter-pg'
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import pg from 'pg'
import { postgresPoolConfig } from './database.ts'

// The schema engine guards migrations with `pg_advisory_lock(72707369)`, the key `prisma migrate
// deploy` uses too, but it never unlocks: it counts on closing its connection. Through a pool the
// lock stays with an idle pooled connection, and a second process gives up after 10 seconds. So the
// engine gets a pool of exactly one connection that already holds that lock (advisory locks are
// re-entrant within a session), and closing the pool releases it.
const PRISMA_MIGRATE_LOCK = 72707369

export type PostgresTarget = { url: string; schema: string }

/** Runs `use` with an adapter whose only connection holds the migration lock on `target`'s database. */
export async function withPostgresMigrationLock<T>(
  target: PostgresTarget,
  log: (line: string) => void,
  use: (adapter: SqlMigrationAwareDriverAdapterFactory) => Promise<T>,
): Promise<T> {
  // No idle timeout: dropping the connection between the engine's queries would drop the lock.
  const pool = new pg.Pool({ ...postgresPoolConfig(target), max: 1, idleTimeoutMillis: 0 })
  try {
    const [{ locked }] = (await pool.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [PRISMA_MIGRATE_LOCK]))
      .rows as [{ locked: boolean }]
    if (!locked) {
      log('Another process is applying migrations to this database; waiting for it to finish…')
      await pool.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK])
    }
    await createSchemaIfMissing(pool, target.schema)
    return await use(new PrismaPg(pool, { schema: target.schema }))
  } finally {
    await pool.end()
  }
}

// Tables are created in the connection's search_path, which must name an existing schema.
async function createSchemaIfMissing(pool: pg.Pool, schema: string): Promise<void> {
  const { rowCount } = await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])
  if (rowCount === 0) await pool.query(`CREATE SCHEMA "${schema.replaceAll('"', '""')}"`)
}
