/**
 * Vitest globalSetup of the `pglite` and `postgres` projects: migrates one template database per
 * run with the real migration runner, so that each test file starts from a cheap copy of it
 * (tests/setup/env.ts makes the copy). Unique names keep parallel runs and the two engines apart.
 */
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import type { TestProject } from 'vitest/node'
import { applyMigrations } from '#prisma/migrations.ts'
import {
  adminQuery,
  createPostgresDatabase,
  dropDatabasesOfDeadRuns,
  dropPostgresDatabase,
  pgliteDatabase,
  postgresDatabase,
  processIsAlive,
  testPostgresUrl,
  uniqueDatabaseName,
  type TestDatabaseKind,
} from '#tests/db-utils.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** PostgreSQL: the template database's name. PGlite: the path of the template's data dump. */
    testDatabaseTemplate: string
  }
}

type Template = { location: string; remove: () => Promise<void> }

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const kind = project.config.env.TEST_DATABASE as TestDatabaseKind
  const template = kind === 'postgres' ? await postgresTemplate() : await pgliteTemplate()
  project.provide('testDatabaseTemplate', template.location)
  return template.remove
}

async function postgresTemplate(): Promise<Template> {
  await adminQuery('SELECT 1').catch((error: Error) => {
    const notAnswering = new Error(
      `PostgreSQL is not answering at ${testPostgresUrl()} (${error.message}); start it with ` +
        '`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` or set TEST_POSTGRES_URL.',
    )
    // One line in vitest's output: the stack would only point into this file.
    notAnswering.stack = notAnswering.message
    throw notAnswering
  })
  await dropDatabasesOfDeadRuns()
  const name = uniqueDatabaseName('tpl')
  await createPostgresDatabase(name)
  const remove = () => dropPostgresDatabase(name)
  try {
    await applyMigrations(postgresDatabase(name))
  } catch (error) {
    await remove()
    throw error
  }
  return { location: name, remove }
}

const PGLITE_TEMPLATE_DIR = /^duopost-pglite-tpl-(\d+)-/

// Runs killed before their teardown leave their 40 MB dumps behind; the directory names the run.
async function removeDumpsOfDeadRuns(): Promise<void> {
  for (const entry of await fs.readdir(os.tmpdir())) {
    const pid = PGLITE_TEMPLATE_DIR.exec(entry)?.[1]
    if (pid !== undefined && !processIsAlive(Number(pid))) {
      await fs.rm(path.join(os.tmpdir(), entry), { recursive: true, force: true })
    }
  }
}

async function pgliteTemplate(): Promise<Template> {
  await removeDumpsOfDeadRuns()
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `duopost-pglite-tpl-${process.pid}-`))
  const remove = () => fs.rm(dir, { recursive: true, force: true })
  const pglite = new PGlite('memory://')
  try {
    await applyMigrations(await pgliteDatabase(pglite))
    // Uncompressed: the dump is larger (about 40 MB) but each test file loads it faster.
    const dump = await pglite.dumpDataDir('none')
    const location = path.join(dir, 'template.tar')
    await fs.writeFile(location, Buffer.from(await dump.arrayBuffer()))
    return { location, remove }
  } catch (error) {
    await remove()
    throw error
  } finally {
    await pglite.close()
  }
}
