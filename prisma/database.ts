import type { PGlite } from '@electric-sql/pglite'
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import type { PoolConfig } from 'pg'

// What the migration runner needs to know about a database; the app opens it (app/.server/db.ts).
// Defined here so that prisma/ stays below the app and imports nothing from it.

export type Database =
  | { kind: 'pglite'; pglite: PGlite; adapter: SqlMigrationAwareDriverAdapterFactory }
  | { kind: 'postgresql'; url: string; schema: string; adapter: SqlMigrationAwareDriverAdapterFactory }

/** Connection settings for the app's pool and the migration runner's own connection. */
export function postgresPoolConfig(target: { url: string; schema: string }): PoolConfig {
  return { connectionString: target.url, options: `-c search_path="${target.schema}"` }
}
