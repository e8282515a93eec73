import { createHash, randomBytes } from 'node:crypto'
import type { EmailLinkPurpose } from '#prisma/generated/client/enums.ts'
import { prisma } from '../db.ts'
import { getEnv } from '../env.ts'

const MINUTE_MS = 60_000

/** How long each kind of link works: a reset link is a key to the account, so it is short-lived. */
export const LINK_LIFETIME_MS: Record<EmailLinkPurpose, number> = {
  reset_password: 30 * MINUTE_MS,
  verify_email: 48 * 60 * MINUTE_MS,
  change_email: 24 * 60 * MINUTE_MS,
}

const PATHS: Record<EmailLinkPurpose, string> = {
  reset_password: '/reset-password',
  verify_email: '/verify-email',
  change_email: '/confirm-email',
}

function linkId(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

/**
 * Issues a link for `purpose` and returns its full URL. The database keeps only the secret's hash,
 * so a copy of the database cannot be used to take over an account.
 */
export async function issueEmailLink(userId: string, purpose: EmailLinkPurpose, email: string, now = Date.now()): Promise<string> {
  const secret = randomBytes(32).toString('base64url')
  await prisma.emailLink.create({
    data: { id: linkId(secret), userId, purpose, email, expiresAt: new Date(now + LINK_LIFETIME_MS[purpose]) },
  })
  return `${getEnv().APP_URL}${PATHS[purpose]}?${new URLSearchParams({ token: secret })}`
}

/** The link's row if it is unused and unexpired (nothing is changed), else null. */
export function findEmailLink(secret: string, purpose: EmailLinkPurpose, now = Date.now()) {
  if (!secret) return Promise.resolve(null)
  return prisma.emailLink.findFirst({
    where: { id: linkId(secret), purpose, usedAt: null, expiresAt: { gt: new Date(now) } },
    select: { id: true, userId: true, email: true },
  })
}

/**
 * Uses the link up, atomically: of two requests with the same link, one gets the row and the other
 * null, so a link works exactly once.
 */
export async function consumeEmailLink(secret: string, purpose: EmailLinkPurpose, now = Date.now()) {
  const link = await findEmailLink(secret, purpose, now)
  if (!link) return null
  const { count } = await prisma.emailLink.updateMany({ where: { id: link.id, usedAt: null }, data: { usedAt: new Date(now) } })
  return count === 1 ? link : null
}

/** Makes every unused link of `purpose` for the person useless (after a reset, the others must not work). */
export async function retireEmailLinks(userId: string, purpose: EmailLinkPurpose, now = Date.now()): Promise<void> {
  await prisma.emailLink.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: new Date(now) } })
}
