/**
 * Vitest setupFiles of the `pglite` and `postgres` projects, run before each test file: fixed test
 * configuration, and a fresh database copied from the run's migrated template
 * (tests/setup/global-db.ts), so files never see each other's rows. A worker runs file after file
 * in one process with the app's modules kept loaded (docs/decisions/031), so what a file opened (the
 * database, pg-boss) is closed after it and the configuration is read afresh before it.
 */
import { inject } from 'vitest'
import { stopBoss } from '#app/.server/boss.ts'
import { closeDatabase, useDatabase } from '#app/.server/db.ts'
import { reloadEnv } from '#app/.server/env.ts'
import {
  createPostgresDatabase,
  dropPostgresDatabase,
  pgliteFromDump,
  postgresDatabaseUrl,
  testDatabaseKind,
  uniqueDatabaseName,
} from '#tests/db-utils.ts'
import { afterFile, useTestConfiguration } from './test-config.ts'

await useTestConfiguration()

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
reloadEnv()

afterFile(async () => {
  await stopBoss({ graceful: false, timeoutMs: 5_000 })
  await closeDatabase()
  await dropDatabase()
})
