import { prisma } from '../db.ts'
import { InvalidInputError } from '../errors.ts'
import { sendEmail } from '../mail/send-email.ts'
import { mailMode } from '../mail/mail-mode.ts'
import { accountEmails } from './account-emails.ts'
import { consumeEmailLink, issueEmailLink } from './email-links.ts'
import { reserveEmailRequest } from './login-throttle.ts'

/** Sends the link that confirms `email` belongs to the person. */
export async function sendVerificationEmail(user: { id: string; email: string }): Promise<void> {
  await sendEmail(user.email, accountEmails.verify(await issueEmailLink(user.id, 'verify_email', user.email)))
}

/**
 * Marks the address confirmed when the link is valid and still names the account's current
 * address. Returns the user id it confirmed, or null for a used, expired or unknown link.
 */
export async function verifyEmail(secret: string): Promise<string | null> {
  const link = await consumeEmailLink(secret, 'verify_email')
  if (!link) return null
  const { count } = await prisma.user.updateMany({
    where: { id: link.userId, email: link.email },
    data: { emailVerifiedAt: new Date() },
  })
  return count === 1 ? link.userId : null
}

/** Sends a fresh verification link to a signed-in person whose address is unconfirmed. */
export async function resendVerification(userId: string, ip: string | null): Promise<'sent' | 'already_verified'> {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, emailVerifiedAt: true } })
  if (user.emailVerifiedAt) return 'already_verified'
  if (mailMode() === 'off')
    throw new InvalidInputError([{ field: 'form', message: 'Email is off on this server, so no link can be sent.' }])
  const wait = await reserveEmailRequest({ email: user.email, ip })
  if (wait > 0) {
    throw new InvalidInputError([{ field: 'form', message: `Too many emails asked for. Try again in ${Math.ceil(wait / 60)} minutes.` }])
  }
  await sendVerificationEmail(user)
  return 'sent'
}
