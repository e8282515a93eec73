import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import { PrismaPGlite } from 'pglite-prisma-adapter'
import type { Database } from './database.ts'
import { MIGRATIONS_DIR, readMigrationsFolder, SCHEMA_PATH } from './migrations-folder.ts'
import { withPostgresMigrationLock } from './postgres-migration-lock.ts'
import { NO_EXTERNAL_ENTITIES, readSchemaFile, withSchemaEngine } from './schema-engine.ts'

export type MigrationPaths = { schemaPath?: string; migrationsDir?: string }

/**
 * Applies the migrations in `migrationsDir` that `database` has not recorded in
 * `_prisma_migrations` yet, as `prisma migrate deploy` does; returns the names it applied.
 * Safe when several processes start at once against one PostgreSQL database: they take turns.
 */
export async function applyMigrations(
  database: Database,
  log: (line: string) => void = () => {},
  { schemaPath = SCHEMA_PATH, migrationsDir = MIGRATIONS_DIR }: MigrationPaths = {},
): Promise<string[]> {
  const [schema, migrationsList] = await Promise.all([readSchemaFile(schemaPath), readMigrationsFolder(migrationsDir)])
  const apply = async (adapter: SqlMigrationAwareDriverAdapterFactory) => {
    const { appliedMigrationNames } = await withSchemaEngine(adapter, schema, (engine) =>
      engine.applyMigrations({ migrationsList, filters: NO_EXTERNAL_ENTITIES }),
    )
    for (const name of appliedMigrationNames) log(`Applied migration ${name}`)
    return appliedMigrationNames
  }
  try {
    if (database.kind === 'pglite') return await apply(database.adapter)
    return await withPostgresMigrationLock(database, log, apply)
  } catch (error) {
    throw new Error(`Could not apply the migrations in ${migrationsDir} to ${describeDatabase(database)}: ${messageOf(error)}`, {
      cause: error,
    })
  }
}

/**
 * The SQL a new migration would need so that the migrations produce the schema in `schemaPath`;
 * '' when they already agree. Works on a scratch in-memory database, never on the app's own.
 */
export async function pendingSchemaChanges({
  schemaPath = SCHEMA_PATH,
  migrationsDir = MIGRATIONS_DIR,
}: MigrationPaths = {}): Promise<string> {
  const pglite = new PGlite('memory://')
  try {
    const adapter = new PrismaPGlite(pglite)
    await applyMigrations({ kind: 'pglite', pglite, adapter }, undefined, { schemaPath, migrationsDir })
    const schema = await readSchemaFile(schemaPath)
    const files = [schema]
    // exitCode asks the engine to report 2 when there is a difference, 0 when there is none.
    const { exitCode, stdout } = await withSchemaEngine(adapter, schema, (engine) =>
      engine.diff({
        from: { tag: 'schemaDatasource', files, configDir: path.dirname(schemaPath) },
        to: { tag: 'schemaDatamodel', files },
        script: true,
        exitCode: true,
        filters: NO_EXTERNAL_ENTITIES,
      }),
    )
    return exitCode === 0 ? '' : (stdout ?? '')
  } finally {
    await pglite.close()
  }
}

function describeDatabase(database: Database): string {
  if (database.kind === 'pglite') return `the embedded PGlite database (${database.pglite.dataDir ?? 'in memory'})`
  const url = new URL(database.url)
  return `PostgreSQL database ${url.pathname.slice(1)} on ${url.host} (schema ${database.schema})`
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
