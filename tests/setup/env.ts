/**
 * Vitest setupFiles of the `pglite` and `postgres` projects, run in each test file's process before
 * the file: fixed test configuration, and a fresh database copied from the run's migrated template
 * (tests/setup/global-db.ts), so files never see each other's rows.
 */
import { afterAll, inject } from 'vitest'
import { closeDatabase, useDatabase } from '#app/.server/db.ts'
import {
  createPostgresDatabase,
  dropPostgresDatabase,
  pgliteFromDump,
  postgresDatabaseUrl,
  testDatabaseKind,
  uniqueDatabaseName,
} from '#tests/db-utils.ts'
import { useTestConfiguration } from './test-config.ts'

useTestConfiguration()

const template = inject('testDatabaseTemplate')
let dropDatabase = async () => {}

if (testDatabaseKind() === 'postgres') {
  const name = uniqueDatabaseName('test')
  await createPostgresDatabase(name, template)
  process.env.DATABASE_URL = postgresDatabaseUrl(name)
  dropDatabase = () => dropPostgresDatabase(name)
} else {
  process.env.PGLITE_DIR = 'memory://'
  useDatabase(await pgliteFromDump(template))
}

afterAll(async () => {
  await closeDatabase()
  await dropDatabase()
})
