import { Prisma } from '#prisma/generated/client/client.ts'
import { prisma } from '../db.ts'
import { ACCOUNT_TOKEN_COLUMNS, getTokenVault, type TokenLocation, type TokenVault } from './token-vault.ts'

export interface RotationResult {
  /** Stored values looked at (vault columns that are not null): Meta tokens and webhook signing secrets. */
  scanned: number
  /** Values that were under an old key and are now under TOKEN_ENCRYPTION_KEY. */
  reencrypted: number
}

export class TableMissingError extends Error {
  override name = 'TableMissingError'
  constructor(table: string) {
    super(`The ${table} table does not exist in this database, so its secrets cannot be rotated. Run \`npm run db:migrate\` first.`)
  }
}

const TABLE_MISSING = 'P2021'

type Row = { id: string } & Record<string, string | null>

/** A table whose columns hold token-vault ciphertexts: how to read a batch and swap one value. */
interface SealedTable {
  table: TokenLocation['table']
  columns: readonly TokenLocation['column'][]
  read(after: string | undefined, size: number): Promise<Row[]>
  /** Compare-and-set: writes `fresh` only where the column still holds `stored`; answers the rows changed. */
  replace(id: string, column: string, stored: string, fresh: string): Promise<number>
}

const after = (id: string | undefined) => (id === undefined ? {} : { id: { gt: id } })

// Every column encrypted with the vault key. A new one belongs here, or rotation leaves it under the old key.
const SEALED_TABLES: SealedTable[] = [
  {
    table: 'Account',
    columns: ACCOUNT_TOKEN_COLUMNS,
    read: (id, size) =>
      prisma.account.findMany({
        where: after(id),
        orderBy: { id: 'asc' },
        take: size,
        select: { id: true, accessToken: true, pageAccessToken: true },
      }),
    replace: async (id, column, stored, fresh) =>
      (await prisma.account.updateMany({ where: { id, [column]: stored }, data: { [column]: fresh } })).count,
  },
  {
    table: 'WebhookEndpoint',
    columns: ['secret'],
    read: (id, size) =>
      prisma.webhookEndpoint.findMany({ where: after(id), orderBy: { id: 'asc' }, take: size, select: { id: true, secret: true } }),
    replace: async (id, _column, stored, fresh) =>
      (await prisma.webhookEndpoint.updateMany({ where: { id, secret: stored }, data: { secret: fresh } })).count,
  },
]

async function readBatch(sealed: SealedTable, afterId: string | undefined, size: number): Promise<Row[]> {
  try {
    return await sealed.read(afterId, size)
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === TABLE_MISSING) throw new TableMissingError(sealed.table)
    throw error
  }
}

async function rotateTable(sealed: SealedTable, vault: TokenVault, batchSize: number, result: RotationResult): Promise<void> {
  let afterId: string | undefined
  for (;;) {
    const rows = await readBatch(sealed, afterId, batchSize)
    for (const row of rows) {
      for (const column of sealed.columns) {
        const stored = row[column]
        if (stored == null) continue
        result.scanned++
        if (!vault.needsReencryption(stored)) continue
        const location: TokenLocation = { table: sealed.table, column, rowId: row.id }
        // If a token refresh replaced the value meanwhile, the new value is already under the
        // current key and must not be overwritten with the old token.
        result.reencrypted += await sealed.replace(row.id, column, stored, vault.encrypt(vault.decrypt(stored, location), location))
      }
    }
    const last = rows.at(-1)
    if (!last || rows.length < batchSize) return
    afterId = last.id
  }
}

/**
 * Re-encrypts every value in the token vault not under the current key (after TOKEN_ENCRYPTION_KEY
 * changed and the previous key moved to TOKEN_ENCRYPTION_OLD_KEYS): Meta tokens and webhook
 * signing secrets. Progress lives in the rows themselves, since each value names its key, so an
 * interrupted run is finished by running it again, and a run with nothing left to do changes
 * nothing. Rows are walked in id order, one batch at a time, so memory stays flat.
 */
export async function rotateTokenKeys(options: { vault?: TokenVault; batchSize?: number } = {}): Promise<RotationResult> {
  const vault = options.vault ?? getTokenVault()
  const result: RotationResult = { scanned: 0, reencrypted: 0 }
  for (const sealed of SEALED_TABLES) await rotateTable(sealed, vault, options.batchSize ?? 200, result)
  return result
}
