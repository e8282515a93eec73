import { Prisma } from '#prisma/generated/client/client.ts'
import { prisma } from '../db.ts'
import { ACCOUNT_TOKEN_COLUMNS, getTokenVault, type AccountTokenColumn, type TokenVault } from './token-vault.ts'

export interface RotationResult {
  /** Stored token values looked at (token columns that are not null). */
  scanned: number
  /** Values that were under an old key and are now under TOKEN_ENCRYPTION_KEY. */
  reencrypted: number
}

export class AccountTableMissingError extends Error {
  override name = 'AccountTableMissingError'
  constructor() {
    super('The Account table does not exist in this database, so there are no tokens to rotate. Run `npm run db:migrate` first.')
  }
}

const TABLE_MISSING = 'P2021'

function columnEquals(column: AccountTokenColumn, value: string): Prisma.AccountWhereInput {
  return { [column]: value }
}

async function readBatch(after: string | undefined, size: number) {
  try {
    return await prisma.account.findMany({
      where: after === undefined ? {} : { id: { gt: after } },
      orderBy: { id: 'asc' },
      take: size,
      select: { id: true, accessToken: true, pageAccessToken: true },
    })
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === TABLE_MISSING) throw new AccountTableMissingError()
    throw error
  }
}

/**
 * Re-encrypts every Account token not under the current key (after TOKEN_ENCRYPTION_KEY changed
 * and the previous key moved to TOKEN_ENCRYPTION_OLD_KEYS). Progress lives in the rows themselves,
 * since each value names its key, so an interrupted run is finished by running it again, and a
 * run with nothing left to do changes nothing. Rows are walked in id order, one batch at a time,
 * so memory stays flat however many accounts there are.
 */
export async function rotateTokenKeys(options: { vault?: TokenVault; batchSize?: number } = {}): Promise<RotationResult> {
  const vault = options.vault ?? getTokenVault()
  const batchSize = options.batchSize ?? 200
  const result: RotationResult = { scanned: 0, reencrypted: 0 }
  let after: string | undefined
  for (;;) {
    const rows = await readBatch(after, batchSize)
    for (const row of rows) {
      for (const column of ACCOUNT_TOKEN_COLUMNS) {
        const stored = row[column]
        if (stored === null) continue
        result.scanned++
        if (!vault.needsReencryption(stored)) continue
        const location = { table: 'Account', column, rowId: row.id } as const
        const fresh = vault.encrypt(vault.decrypt(stored, location), location)
        // Compare-and-set: if a token refresh replaced the value meanwhile, the new value is
        // already under the current key and must not be overwritten with the old token.
        const { count } = await prisma.account.updateMany({
          where: { id: row.id, ...columnEquals(column, stored) },
          data: { [column]: fresh },
        })
        result.reencrypted += count
      }
    }
    const last = rows.at(-1)
    if (!last || rows.length < batchSize) return result
    after = last.id
  }
}
