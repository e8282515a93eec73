import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '#prisma/database.ts'
import { createMigration } from '#prisma/create-migration.ts'
import { MIGRATIONS_DIR, SCHEMA_PATH } from '#prisma/migrations-folder.ts'
import { applyMigrations, pendingSchemaChanges } from '#prisma/migrations.ts'
import { emptyDatabase, rawQuery, testDatabaseKind } from '#tests/db-utils.ts'

const committedMigrations = (await fs.readdir(MIGRATIONS_DIR, { withFileTypes: true }))
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()

type MigrationRow = { id: string; migration_name: string; checksum: string; finished_at: unknown; rolled_back_at: unknown }

function migrationRows(database: Database) {
  return rawQuery<MigrationRow>(
    'SELECT id, migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name',
    [],
    database,
  )
}

async function tableNames(database: Database): Promise<string[]> {
  const rows = await rawQuery<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`,
    [],
    database,
  )
  return rows.map((row) => row.table_name)
}

const tempDirs: string[] = []
afterAll(() => Promise.all(tempDirs.map((dir) => fs.rm(dir, { recursive: true, force: true }))))

// Table names equal model names while the schema maps none of them (@@map).
async function modelNames(): Promise<string[]> {
  const schema = await fs.readFile(SCHEMA_PATH, 'utf8')
  return [...schema.matchAll(/^model (\w+) \{/gm)].map((match) => match[1]!)
}

async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'duopost-migrations-test-'))
  tempDirs.push(dir)
  return dir
}

/** schema.prisma plus one model that no migration creates, in a temp dir. */
async function schemaWithExtraModel(): Promise<string> {
  const schemaPath = path.join(await tempDir(), 'schema.prisma')
  const committed = await fs.readFile(SCHEMA_PATH, 'utf8')
  await fs.writeFile(schemaPath, `${committed}\nmodel Memo {\n  id   String @id\n  text String\n}\n`)
  return schemaPath
}

describe('applyMigrations on an empty database', () => {
  let empty: Awaited<ReturnType<typeof emptyDatabase>>
  let firstRun: string[]

  beforeAll(async () => {
    empty = await emptyDatabase()
    firstRun = await applyMigrations(empty.database)
  })
  afterAll(() => empty.remove())

  it('applies every migration and records each one in _prisma_migrations', async () => {
    expect(committedMigrations).not.toHaveLength(0)
    expect(firstRun).toEqual(committedMigrations)
    expect(await tableNames(empty.database)).toEqual([...(await modelNames()), '_prisma_migrations'].sort())
    const rows = await migrationRows(empty.database)
    expect(rows.map((row) => row.migration_name)).toEqual(committedMigrations)
    for (const row of rows) {
      expect(row.finished_at).not.toBeNull()
      expect(row.rolled_back_at).toBeNull()
    }
  })

  it('applies nothing and changes nothing the second time', async () => {
    const rowsBefore = await migrationRows(empty.database)
    const tablesBefore = await tableNames(empty.database)
    expect(await applyMigrations(empty.database)).toEqual([])
    expect(await migrationRows(empty.database)).toEqual(rowsBefore)
    expect(await tableNames(empty.database)).toEqual(tablesBefore)
  })
})

describe.runIf(testDatabaseKind() === 'postgres')('applyMigrations from several processes at once', () => {
  it('applies each migration exactly once while the others wait', async () => {
    const { database, remove } = await emptyDatabase()
    try {
      // Separate connections, as separate `npm start` processes would have.
      const runs = await Promise.all([1, 2, 3].map(() => applyMigrations(database)))
      expect(runs.flat().sort()).toEqual(committedMigrations)
      expect((await migrationRows(database)).map((row) => row.migration_name)).toEqual(committedMigrations)
    } finally {
      await remove()
    }
  })
})

// Each of these replays every migration into a scratch database through Prisma's WebAssembly
// schema engine: seconds of CPU that stretch well past the default timeout when four test files
// share two cores.
const SCHEMA_ENGINE_TIMEOUT = { timeout: 120_000 }

describe('stale migrations check', SCHEMA_ENGINE_TIMEOUT, () => {
  it('finds no schema change that the committed migrations lack', async () => {
    expect(await pendingSchemaChanges()).toBe('')
  })

  it('reports a schema change that no migration carries', async () => {
    const pending = await pendingSchemaChanges({ schemaPath: await schemaWithExtraModel() })
    expect(pending).toContain('CREATE TABLE "Memo"')
  })
})

describe('createMigration', SCHEMA_ENGINE_TIMEOUT, () => {
  async function copyOfCommittedMigrations(): Promise<string> {
    const dir = path.join(await tempDir(), 'migrations')
    await fs.cp(MIGRATIONS_DIR, dir, { recursive: true })
    return dir
  }

  it('writes nothing when the migrations already produce the schema', async () => {
    const migrationsDir = await copyOfCommittedMigrations()
    expect(await createMigration('nothing_to_do', { migrationsDir })).toBeNull()
    expect((await fs.readdir(migrationsDir)).sort()).toEqual([...committedMigrations, 'migration_lock.toml'].sort())
  })

  it('writes the next migration in Prisma layout when the schema changed', async () => {
    const migrationsDir = await copyOfCommittedMigrations()
    const schemaPath = await schemaWithExtraModel()
    const now = new Date('2030-01-02T03:04:05Z')
    const folder = await createMigration('add_drafts', { schemaPath, migrationsDir, now })
    expect(folder).toBe(path.join(migrationsDir, '20300102030405_add_drafts'))
    expect(await fs.readFile(path.join(folder!, 'migration.sql'), 'utf8')).toContain('CREATE TABLE "Memo"')
    expect(await fs.readFile(path.join(migrationsDir, 'migration_lock.toml'), 'utf8')).toContain('provider = "postgresql"')
    expect(await pendingSchemaChanges({ schemaPath, migrationsDir })).toBe('')
  })

  it('refuses a name that is not a simple slug before doing any work', async () => {
    await expect(createMigration('Add Drafts', { migrationsDir: await tempDir() })).rejects.toThrow(/not a simple slug/)
  })
})
