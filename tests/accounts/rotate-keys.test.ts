import { spawnSync } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { TableMissingError, rotateTokenKeys } from '#app/.server/accounts/rotate-keys.ts'
import {
  ACCOUNT_TOKEN_COLUMNS,
  createTokenVault,
  TokenDecryptionError,
  type AccountTokenColumn,
  type TokenVault,
} from '#app/.server/accounts/token-vault.ts'
import { prisma } from '#app/.server/db.ts'

const root = path.resolve(import.meta.dirname, '../..')
const newKey = () => randomBytes(32).toString('base64')
const oldKey = newKey()
const newerKey = newKey()
const before = createTokenVault({ currentKey: oldKey })
const after = createTokenVault({ currentKey: newerKey, oldKeys: [oldKey] })
const onlyNewer = createTokenVault({ currentKey: newerKey })

type Tokens = Partial<Record<AccountTokenColumn, string>>
const where = (column: AccountTokenColumn, rowId: string) => ({ table: 'Account', column, rowId }) as const

let userId: string

beforeAll(async () => {
  userId = (await prisma.user.create({ data: { email: 'rotation@example.com', passwordHash: 'x' } })).id
})

async function seedAccount(tokens: Tokens, vault: TokenVault = before): Promise<string> {
  const id = randomUUID()
  const data = Object.fromEntries(
    Object.entries(tokens).map(([column, token]) => [column, vault.encrypt(token, where(column as AccountTokenColumn, id))]),
  )
  await prisma.account.create({ data: { id, userId, platform: 'threads', platformAccountId: id, ...data } })
  return id
}

async function storedTokens(id: string): Promise<Record<AccountTokenColumn, string | null>> {
  return prisma.account.findUniqueOrThrow({
    where: { id },
    select: { accessToken: true, pageAccessToken: true },
  })
}

/** Every token of the account, decrypted with a vault that knows only `vault`'s keys. */
async function readable(id: string, vault: TokenVault): Promise<Tokens> {
  const stored = await storedTokens(id)
  return Object.fromEntries(
    ACCOUNT_TOKEN_COLUMNS.flatMap((column) => {
      const value = stored[column]
      return value === null ? [] : [[column, vault.decrypt(value, where(column, id))]]
    }),
  )
}

async function seedWebhookSecret(secret: string, vault: TokenVault = before): Promise<string> {
  const id = randomUUID()
  const location = { table: 'WebhookEndpoint', column: 'secret', rowId: id } as const
  await prisma.webhookEndpoint.create({
    data: { id, userId, url: 'https://example.com/hook', events: ['post.failed'], secret: vault.encrypt(secret, location) },
  })
  return id
}

async function webhookSecret(id: string, vault: TokenVault): Promise<string> {
  const { secret } = await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id } })
  return vault.decrypt(secret, { table: 'WebhookEndpoint', column: 'secret', rowId: id })
}

async function clearAccounts() {
  await prisma.webhookEndpoint.deleteMany({})
  await prisma.account.deleteMany({})
}

describe('rotateTokenKeys', () => {
  it('re-encrypts every token under the new key in batches, and a second run changes nothing', async () => {
    await clearAccounts()
    const seeded = new Map<string, Tokens>()
    for (let i = 0; i < 7; i++) {
      const tokens: Tokens = { accessToken: `a${i}`, pageAccessToken: `p${i}` }
      seeded.set(await seedAccount(tokens), tokens)
    }
    const alreadyNew = { accessToken: 'fresh' }
    seeded.set(await seedAccount(alreadyNew, after), alreadyNew)

    expect(await rotateTokenKeys({ vault: after, batchSize: 3 })).toEqual({ scanned: 15, reencrypted: 14 })
    for (const [id, tokens] of seeded) {
      for (const value of Object.values(await storedTokens(id))) if (value) expect(value.split(':')[1]).toBe(after.currentKeyId)
      // The old key can now be dropped.
      expect(await readable(id, onlyNewer)).toEqual(tokens)
    }
    expect(await rotateTokenKeys({ vault: after, batchSize: 3 })).toEqual({ scanned: 15, reencrypted: 0 })
  })

  it('re-encrypts webhook signing secrets too, bound to their own row', async () => {
    await clearAccounts()
    await seedAccount({ accessToken: 'a' })
    const ids = [await seedWebhookSecret('whsec_one'), await seedWebhookSecret('whsec_two'), await seedWebhookSecret('whsec_new', after)]
    expect(await rotateTokenKeys({ vault: after, batchSize: 2 })).toEqual({ scanned: 4, reencrypted: 3 })
    expect(await Promise.all(ids.map((id) => webhookSecret(id, onlyNewer)))).toEqual(['whsec_one', 'whsec_two', 'whsec_new'])
    // A ciphertext moved to another endpoint does not decrypt there.
    const { secret } = await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: ids[0]! } })
    await prisma.webhookEndpoint.update({ where: { id: ids[1]! }, data: { secret } })
    await expect(webhookSecret(ids[1]!, onlyNewer)).rejects.toThrow(TokenDecryptionError)
    expect(await rotateTokenKeys({ vault: after })).toEqual({ scanned: 4, reencrypted: 0 })
  })

  it('finishes an interrupted run when run again', async () => {
    await clearAccounts()
    const ids = [await seedAccount({ accessToken: 'a' }), await seedAccount({ accessToken: 'b' }), await seedAccount({ accessToken: 'c' })]
    let writes = 0
    const crashing: TokenVault = {
      ...after,
      encrypt(plaintext, location) {
        if (++writes > 1) throw new Error('simulated crash')
        return after.encrypt(plaintext, location)
      },
    }
    await expect(rotateTokenKeys({ vault: crashing, batchSize: 2 })).rejects.toThrow('simulated crash')
    expect(await rotateTokenKeys({ vault: after, batchSize: 2 })).toEqual({ scanned: 3, reencrypted: 2 })
    expect(await Promise.all(ids.map((id) => readable(id, onlyNewer)))).toEqual([
      { accessToken: 'a' },
      { accessToken: 'b' },
      { accessToken: 'c' },
    ])
  })

  it('keeps a token that a refresh replaced while the rotation was running', async () => {
    await clearAccounts()
    const id = await seedAccount({ accessToken: 'old access', pageAccessToken: 'old page token' })
    let refresh: Promise<unknown> | undefined
    const racing: TokenVault = {
      ...after,
      decrypt(stored, location) {
        // While the rotation handles accessToken, a reconnect replaces pageAccessToken, which the
        // rotation has already read and will handle next.
        // (Prisma queries start only once awaited, hence the `then`.)
        refresh ??= prisma.account
          .update({ where: { id }, data: { pageAccessToken: after.encrypt('new page token', where('pageAccessToken', id)) } })
          .then(() => undefined)
        return after.decrypt(stored, location)
      },
    }
    expect(await rotateTokenKeys({ vault: racing })).toEqual({ scanned: 2, reencrypted: 1 })
    await refresh
    expect(await readable(id, onlyNewer)).toEqual({ accessToken: 'old access', pageAccessToken: 'new page token' })
  })

  it('stops on a token no configured key can read, naming the row', async () => {
    await clearAccounts()
    const id = await seedAccount({ accessToken: 'x' }, createTokenVault({ currentKey: newKey() }))
    const failure = await rotateTokenKeys({ vault: after }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(TokenDecryptionError)
    expect((failure as Error).message).toContain(`row ${id}`)
  })
})

describe('npm run tokens:rotate', () => {
  // Only on PostgreSQL: the command runs in its own process, which cannot open this file's
  // in-memory PGlite database.
  it.runIf(process.env.TEST_DATABASE === 'postgres')('re-encrypts the configured database and prints the counts', async () => {
    await clearAccounts()
    const id = await seedAccount({ accessToken: 'a', pageAccessToken: 'p' })
    const endpointId = await seedWebhookSecret('whsec_rotated')
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/rotate-keys.ts'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, TOKEN_ENCRYPTION_KEY: newerKey, TOKEN_ENCRYPTION_OLD_KEYS: oldKey },
    })
    expect(result.stderr).toBe('')
    expect(result.stdout).toContain('Checked 3 stored secrets (Meta tokens and webhook signing secrets); re-encrypted 3')
    expect(await readable(id, onlyNewer)).toEqual({ accessToken: 'a', pageAccessToken: 'p' })
    expect(await webhookSecret(endpointId, onlyNewer)).toBe('whsec_rotated')
  })
})

// Last, because it removes the table this file's other tests use.
describe('without the Account table', () => {
  it('refuses clearly and says to migrate', async () => {
    await prisma.$executeRawUnsafe('DROP TABLE "Account" CASCADE')
    const failure = await rotateTokenKeys({ vault: after }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(TableMissingError)
    expect((failure as Error).message).toContain('npm run db:migrate')
  })
})
