import { createHash, randomBytes } from 'node:crypto'
import { prisma } from '../db.ts'
import { InvalidInputError, type InputIssue } from '../errors.ts'
import { API_SCOPES, knownScopes, type ApiScope } from './scopes.ts'

/** Every secret starts with this, so leaked tokens are recognisable by people and secret scanners. */
export const TOKEN_PREFIX = 'dp_'
const SECRET_LENGTH = 43
/** The start of the secret shown in lists ("dp_" and 7 characters), enough to tell tokens apart. */
const DISPLAY_PREFIX_LENGTH = TOKEN_PREFIX.length + 7
/** `lastUsedAt` is written at most this often per token, not on every request. */
export const LAST_USED_RESOLUTION_MS = 60_000
export const MAX_NAME_LENGTH = 100
/** Tokens a person may hold at once (not revoked, not expired): far more than programs need, and a bound on a stolen session's damage. */
export const MAX_TOKENS_PER_USER = 50

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** What may be shown about a token: everything except its secret and hash. */
export type ApiTokenInfo = {
  id: string
  name: string
  prefix: string
  scopes: ApiScope[]
  createdAt: Date
  lastUsedAt: Date | null
  expiresAt: Date | null
  revokedAt: Date | null
}

export class ApiTokenNotFoundError extends Error {
  override name = 'ApiTokenNotFoundError'
  constructor() {
    super('No access token with that id exists on your account. Reload the list of tokens.')
  }
}

const INFO = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
} as const

function toInfo(row: { scopes: string[] } & Omit<ApiTokenInfo, 'scopes'>): ApiTokenInfo {
  return { ...row, scopes: knownScopes(row.scopes) }
}

/**
 * 43 characters from [A-Za-z0-9] (256 bits): no "-" or "_", so a double click selects the whole
 * token and a scanner's pattern `dp_[A-Za-z0-9]{43}` has clear edges. Bytes of 248 and over are
 * skipped so that every character is equally likely.
 */
function newSecret(): string {
  let body = ''
  while (body.length < SECRET_LENGTH) {
    for (const byte of randomBytes(SECRET_LENGTH)) {
      if (byte < 248 && body.length < SECRET_LENGTH) body += BASE62[byte % 62]
    }
  }
  return `${TOKEN_PREFIX}${body}`
}

/** A fast hash is enough: the secret has 256 random bits, so there is nothing to guess offline. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

export type NewApiToken = { name: string; scopes: readonly string[]; expiresAt?: Date | null }

function issuesOf(input: NewApiToken, now: Date): InputIssue[] {
  const issues: InputIssue[] = []
  const name = input.name.trim()
  if (!name) issues.push({ field: 'name', message: 'Give the token a name that says which program uses it.' })
  if (name.length > MAX_NAME_LENGTH) issues.push({ field: 'name', message: `Use at most ${MAX_NAME_LENGTH} characters.` })
  if (input.scopes.length === 0) issues.push({ field: 'scopes', message: `Choose at least one scope: ${API_SCOPES.join(', ')}.` })
  const unknown = input.scopes.filter((scope) => !(API_SCOPES as readonly string[]).includes(scope))
  if (unknown.length)
    issues.push({ field: 'scopes', message: `Unknown scope ${unknown.join(', ')}; the scopes are ${API_SCOPES.join(', ')}.` })
  if (input.expiresAt && input.expiresAt.getTime() <= now.getTime()) {
    issues.push({ field: 'expiresAt', message: 'Choose a time in the future, or none for a token that does not expire.' })
  }
  return issues
}

/** Creates a token and returns its secret: the only time the secret exists outside the caller. */
export async function createApiToken(
  userId: string,
  input: NewApiToken,
  now = new Date(),
): Promise<{ token: ApiTokenInfo; secret: string }> {
  const issues = issuesOf(input, now)
  if (issues.length) throw new InvalidInputError(issues)
  const active = await prisma.apiToken.count({ where: { userId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } })
  if (active >= MAX_TOKENS_PER_USER) {
    throw new InvalidInputError([
      { field: 'name', message: `You have ${active} active tokens, the most allowed. Revoke one you no longer use, then create this one.` },
    ])
  }
  const secret = newSecret()
  const row = await prisma.apiToken.create({
    data: {
      userId,
      name: input.name.trim(),
      prefix: secret.slice(0, DISPLAY_PREFIX_LENGTH),
      secretHash: hashSecret(secret),
      scopes: knownScopes(input.scopes),
      expiresAt: input.expiresAt ?? null,
      createdAt: now,
    },
    select: INFO,
  })
  return { token: toInfo(row), secret }
}

/** The user's tokens that still exist for them (revoked ones are gone from view), newest first. */
export async function listApiTokens(userId: string): Promise<ApiTokenInfo[]> {
  const rows = await prisma.apiToken.findMany({
    where: { userId, revokedAt: null },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: INFO,
  })
  return rows.map(toInfo)
}

/**
 * Revokes one of the user's tokens; it stops working on its next request. Revoking twice is not
 * an error. Another user's token id is answered exactly like an id that does not exist.
 */
export async function revokeApiToken(userId: string, tokenId: string, now = new Date()): Promise<ApiTokenInfo> {
  await prisma.apiToken.updateMany({ where: { id: tokenId, userId, revokedAt: null }, data: { revokedAt: now } })
  const row = await prisma.apiToken.findFirst({ where: { id: tokenId, userId }, select: INFO })
  if (!row) throw new ApiTokenNotFoundError()
  return toInfo(row)
}

export type TokenCheck =
  | { ok: true; tokenId: string; user: { id: string; email: string }; scopes: ApiScope[] }
  | { ok: false; reason: 'unknown' }
  | { ok: false; reason: 'expired' | 'revoked'; at: Date }

type TokenRow = {
  id: string
  scopes: string[]
  expiresAt: Date | null
  revokedAt: Date | null
  lastUsedAt: Date | null
  userId: string
  userEmail: string
}

/** Who a secret belongs to, if it is still valid; notes the use (at most once a minute). */
export async function checkApiToken(secret: string, now = new Date()): Promise<TokenCheck> {
  // One statement for the token and its person: Prisma would send one for each, on every request.
  const [row] = await prisma.$queryRaw<TokenRow[]>`
    SELECT t.id, t.scopes, t."expiresAt", t."revokedAt", t."lastUsedAt", u.id AS "userId", u.email AS "userEmail"
    FROM "ApiToken" t JOIN "User" u ON u.id = t."userId" WHERE t."secretHash" = ${hashSecret(secret)}`
  if (!row) return { ok: false, reason: 'unknown' }
  if (row.revokedAt) return { ok: false, reason: 'revoked', at: row.revokedAt }
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired', at: row.expiresAt }
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS)
  if (!row.lastUsedAt || row.lastUsedAt < staleBefore) {
    // Conditional, so that processes racing on the same token write once between them.
    await prisma.apiToken.updateMany({
      where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
      data: { lastUsedAt: now },
    })
  }
  return { ok: true, tokenId: row.id, user: { id: row.userId, email: row.userEmail }, scopes: knownScopes(row.scopes) }
}
