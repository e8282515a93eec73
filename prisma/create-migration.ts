import { MIGRATIONS_DIR, migrationFolderName, writeMigrationFolder } from './migrations-folder.ts'
import { pendingSchemaChanges, type MigrationPaths } from './migrations.ts'

/**
 * Writes the next migration (`<migrationsDir>/<timestamp>_<name>/migration.sql`) with the SQL that
 * brings the existing migrations up to the schema; returns its folder, or null (writing nothing)
 * when the migrations already produce the schema.
 */
export async function createMigration(
  name: string,
  { schemaPath, migrationsDir = MIGRATIONS_DIR, now = new Date() }: MigrationPaths & { now?: Date } = {},
): Promise<string | null> {
  const folder = migrationFolderName(name, now)
  const sql = await pendingSchemaChanges({ schemaPath, migrationsDir })
  if (!sql) return null
  return writeMigrationFolder(migrationsDir, folder, sql)
}
