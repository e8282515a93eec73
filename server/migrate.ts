/**
 * `npm run db:migrate`: applies pending migrations to the configured database (DATABASE_URL, or the
 * embedded PGlite database in DATA_DIR), as `prisma migrate deploy` would, without engine downloads.
 */
import { closeDatabase, getDatabase } from '#app/.server/db.ts'
import { loadDotEnv } from '#app/.server/env.ts'
import { applyMigrations } from '#prisma/migrations.ts'

loadDotEnv()
try {
  const applied = await applyMigrations(getDatabase(), console.log)
  if (applied.length === 0) console.log('The database is up to date; no migration to apply.')
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
} finally {
  await closeDatabase()
}
