/**
 * Vitest setupFiles of the `pglite` and `postgres` projects, run in each test file's process before
 * the file: fixed test configuration, and a fresh database copied from the run's migrated template
 * (tests/setup/global-db.ts), so files never see each other's rows.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
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

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duopost-test-'))
Object.assign(process.env, {
  NODE_ENV: 'test',
  DATA_DIR: dataDir,
  SESSION_SECRET: 'test-session-secret-that-is-at-least-32-characters',
  TOKEN_ENCRYPTION_KEY: 'CCGKmBLOQP3Ky/gHej7f7Cl9Z67wexPkRaA8VJI1aSo=',
  APP_URL: 'http://localhost:3000',
})
// A DATABASE_URL from the developer's shell must never receive test rows.
delete process.env.DATABASE_URL

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
  fs.rmSync(dataDir, { recursive: true, force: true })
})
