import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '#prisma/database.ts'
import { MIGRATIONS_DIR } from '#prisma/migrations-folder.ts'
import { applyMigrations } from '#prisma/migrations.ts'
import { emptyDatabase, rawQuery } from '#tests/db-utils.ts'

// Rows written by the code before docs/decisions/017-one-vocabulary.md, migrated: nothing is lost
// and every value means what it meant.
const MIGRATION = '20261205070000_one_vocabulary'
const EXPIRES_AT = 1_900_000_000

/** A copy of prisma/migrations without this migration and those after it. */
async function migrationsBefore(dir: string): Promise<string> {
  const copy = path.join(dir, 'migrations')
  await fs.cp(MIGRATIONS_DIR, copy, { recursive: true })
  for (const entry of await fs.readdir(copy, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name >= MIGRATION) await fs.rm(path.join(copy, entry.name), { recursive: true })
  }
  return copy
}

const LEGACY_ROWS = `
  INSERT INTO "User" (id, email, "passwordHash", "updatedAt") VALUES ('u1', 'ana@example.com', 'x', now());
  INSERT INTO "Account" (id, "userId", provider, "providerAccountId", access_token, expires_at, "threadsUserId", "metaUserId", username, "updatedAt")
    VALUES ('a-threads', 'u1', 'threads', '1789', 'v1:sealed-threads', ${EXPIRES_AT}, '1789', '1789', 'ana', now());
  INSERT INTO "Account" (id, "userId", provider, "providerAccountId", access_token, "pageAccessToken", "pageId", "pageName", "displayName", "metaUserId", "updatedAt")
    VALUES ('a-page', 'u1', 'facebook-pages', '555', 'v1:sealed-user', 'v1:sealed-page', '555', 'Bakery', 'Bakery', '42', now());
  INSERT INTO "Account" (id, "userId", provider, "providerAccountId", access_token, "pageAccessToken", "pageId", "pageName", "metaUserId", "updatedAt")
    VALUES ('a-page-2', 'u1', 'facebook-pages', '556', 'v1:sealed-user', 'v1:sealed-page-2', '556', 'Cafe', '42', now());
  INSERT INTO "OAuthState" (id, "userId", provider, "returnTo", "expiresAt") VALUES ('s1', 'u1', 'facebook', '/dashboard', now());
  INSERT INTO "Post" (id, "userId", text, "requestHash", "updatedAt") VALUES ('p1', 'u1', 'Hello', 'h', now());
  INSERT INTO "PublishTarget" (id, "postId", "accountId", platform, "providerAccountId", "accountName", status, "providerPostId", "updatedAt")
    VALUES ('t-threads', 'p1', 'a-threads', 'threads', '1789', '@ana', 'published', 'th-1', now());
  INSERT INTO "PublishTarget" (id, "postId", "accountId", platform, "providerAccountId", "accountName", status, "errorKind", "errorAction", "updatedAt")
    VALUES ('t-page', 'p1', 'a-page', 'facebook', '555', 'Bakery', 'failed', 'reconnect', 'reconnect', now());
  INSERT INTO "DataDeletionRequest" (id, "confirmationCode", provider, "providerUserId", status)
    VALUES ('d1', 'code-1', 'threads', '1789', 'completed');
`

let database: Database
let remove: () => Promise<void>
const tempDirs: string[] = []

beforeAll(async () => {
  ;({ database, remove } = await emptyDatabase())
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'duopost-vocabulary-migration-'))
  tempDirs.push(dir)
  await applyMigrations(database, undefined, { migrationsDir: await migrationsBefore(dir) })
  for (const statement of LEGACY_ROWS.split(';').filter((sql) => sql.trim())) await rawQuery(statement, [], database)
  expect(await applyMigrations(database)).toContain(MIGRATION)
})

afterAll(async () => {
  await remove()
  await Promise.all(tempDirs.map((dir) => fs.rm(dir, { recursive: true, force: true })))
})

describe(`migration ${MIGRATION} on existing rows`, () => {
  it('keeps every account, with one platform word, one id column and the expiry as a time', async () => {
    const accounts = await rawQuery<Record<string, unknown>>(
      `SELECT id, platform::text AS platform, "platformAccountId", access_token, "pageAccessToken", "tokenExpiresAt", "metaUserId", "displayName"
       FROM "Account" ORDER BY id`,
      [],
      database,
    )
    expect(accounts).toEqual([
      {
        id: 'a-page',
        platform: 'facebook',
        platformAccountId: '555',
        access_token: 'v1:sealed-user',
        pageAccessToken: 'v1:sealed-page',
        tokenExpiresAt: null,
        metaUserId: '42',
        displayName: 'Bakery',
      },
      {
        id: 'a-page-2',
        platform: 'facebook',
        platformAccountId: '556',
        access_token: 'v1:sealed-user',
        pageAccessToken: 'v1:sealed-page-2',
        tokenExpiresAt: null,
        metaUserId: '42',
        displayName: 'Cafe',
      },
      {
        id: 'a-threads',
        platform: 'threads',
        platformAccountId: '1789',
        access_token: 'v1:sealed-threads',
        pageAccessToken: null,
        tokenExpiresAt: expect.anything(),
        metaUserId: '1789',
        displayName: null,
      },
    ])
    const [threads] = await rawQuery<{ epoch: string | number }>(
      `SELECT extract(epoch FROM "tokenExpiresAt") AS epoch FROM "Account" WHERE id = 'a-threads'`,
      [],
      database,
    )
    expect(Number(threads!.epoch)).toBe(EXPIRES_AT)
  })

  it('drops the columns that held nothing of their own', async () => {
    const columns = await rawQuery<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'Account'`,
      [],
      database,
    )
    const names = columns.map((column) => column.column_name)
    for (const gone of [
      'provider',
      'providerAccountId',
      'expires_at',
      'refresh_token',
      'instagramId',
      'pageId',
      'threadsUserId',
      'pageName',
    ])
      expect(names).not.toContain(gone)
  })

  it('keeps targets, states and deletion requests, with their values as enums (Threads sorting first)', async () => {
    const targets = await rawQuery<Record<string, unknown>>(
      `SELECT id, platform::text AS platform, "platformAccountId", "platformPostId", "errorKind"::text AS "errorKind", "errorAction"::text AS "errorAction"
       FROM "PublishTarget" ORDER BY "PublishTarget".platform, id`,
      [],
      database,
    )
    expect(targets).toEqual([
      { id: 't-threads', platform: 'threads', platformAccountId: '1789', platformPostId: 'th-1', errorKind: null, errorAction: null },
      {
        id: 't-page',
        platform: 'facebook',
        platformAccountId: '555',
        platformPostId: null,
        errorKind: 'reconnect',
        errorAction: 'reconnect',
      },
    ])
    expect(await rawQuery(`SELECT platform::text AS platform FROM "OAuthState"`, [], database)).toEqual([{ platform: 'facebook' }])
    expect(
      await rawQuery(`SELECT platform::text AS platform, "metaUserId", status::text AS status FROM "DataDeletionRequest"`, [], database),
    ).toEqual([{ platform: 'threads', metaUserId: '1789', status: 'completed' }])
  })
})
