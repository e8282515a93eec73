import { randomUUID } from 'node:crypto'
import { Prisma, type Account, type Platform } from '#prisma/generated/client/client.ts'
import { prisma } from '../db.ts'
import { decryptToken, encryptToken, type AccountTokenColumn } from './token-vault.ts'

export type AccountTokens = Partial<Record<AccountTokenColumn, string | null>>
type AccountKey = { userId: string; platform: Platform; platformAccountId: string }
type AccountFields = Omit<Prisma.AccountUncheckedCreateInput, 'id' | keyof AccountKey | AccountTokenColumn>

function sealed(rowId: string, tokens: AccountTokens): AccountTokens {
  return Object.fromEntries(
    Object.entries(tokens).map(([column, token]) => [
      column,
      token == null ? token : encryptToken(token, { table: 'Account', column: column as AccountTokenColumn, rowId }),
    ]),
  )
}

/**
 * Creates or updates the user's connection to one platform account, encrypting its tokens for
 * that row. Updating in place keeps the row id, so post history that points at it survives a
 * reconnect.
 */
export async function saveAccount(key: AccountKey, tokens: AccountTokens, fields: AccountFields): Promise<Account> {
  const existing = await prisma.account.findUnique({ where: { userId_platform_platformAccountId: key }, select: { id: true } })
  if (existing) {
    return prisma.account.update({ where: { id: existing.id }, data: { ...fields, ...sealed(existing.id, tokens) } })
  }
  const id = randomUUID()
  try {
    return await prisma.account.create({ data: { id, ...key, ...fields, ...sealed(id, tokens) } })
  } catch (error) {
    // A concurrent callback created the row first; update that one instead.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return saveAccount(key, tokens, fields)
    throw error
  }
}

/** The plaintext token of one column; only services in accounts/ call this. */
export function readToken(
  account: Pick<Account, 'id'> & Partial<Pick<Account, AccountTokenColumn>>,
  column: AccountTokenColumn,
): string | null {
  const stored = account[column]
  return stored ? decryptToken(stored, { table: 'Account', column, rowId: account.id }) : null
}
