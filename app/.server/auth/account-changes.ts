import { Prisma } from '#prisma/generated/client/client.ts'
import { prisma } from '../db.ts'
import { getEnv } from '../env.ts'
import { InvalidInputError } from '../errors.ts'
import { MAIL_OFF_MESSAGE, mailMode } from '../mail/mail-mode.ts'
import { sendEmail, sendInBackground } from '../mail/send-email.ts'
import { accountEmails } from './account-emails.ts'
import { EmailSchema, NewPasswordSchema } from './credentials.ts'
import { consumeEmailLink, issueEmailLink } from './email-links.ts'
import { reserveEmailRequest } from './login-throttle.ts'
import { hashPassword } from './passwords.ts'
import { confirmPassword } from './users.ts'

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

/**
 * Changes the password after checking the current one (throttled like sign-in), ends every other
 * session, and tells the account's address, so a person whose session was stolen hears of it.
 */
export async function changePassword(userId: string, input: { currentPassword: unknown; newPassword: unknown }): Promise<void> {
  const parsed = NewPasswordSchema.safeParse(input.newPassword)
  if (!parsed.success) throw new InvalidInputError([{ field: 'newPassword', message: parsed.error.issues[0]!.message }])
  await confirmPassword(userId, text(input.currentPassword)).catch((error: unknown) => {
    if (error instanceof InvalidInputError)
      throw new InvalidInputError(error.issues.map((issue) => ({ ...issue, field: 'currentPassword' })))
    throw error
  })
  const user = await prisma.user.update({
    where: { id: userId },
    data: { passwordHash: await hashPassword(parsed.data) },
    select: { email: true },
  })
  sendInBackground('password_changed', () => sendEmail(user.email, accountEmails.passwordChanged(`${getEnv().APP_URL}/forgot-password`)))
}

/**
 * Sends a confirmation link to the new address; nothing changes until it is opened. An address
 * that belongs to another account is only refused when the link is opened, so this form does not
 * tell who has an account.
 */
export async function requestEmailChange(
  userId: string,
  input: { password: unknown; newEmail: unknown },
  ip: string | null,
): Promise<string> {
  if (mailMode() === 'off') throw new InvalidInputError([{ field: 'form', message: MAIL_OFF_MESSAGE }])
  const parsed = EmailSchema.safeParse(input.newEmail)
  if (!parsed.success) throw new InvalidInputError([{ field: 'newEmail', message: parsed.error.issues[0]!.message }])
  const newEmail = parsed.data
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } })
  if (newEmail === user.email)
    throw new InvalidInputError([{ field: 'newEmail', message: 'That is already your address. Enter the new one.' }])
  await confirmPassword(userId, text(input.password))
  const wait = await reserveEmailRequest({ email: newEmail, ip })
  if (wait > 0)
    throw new InvalidInputError([{ field: 'form', message: `Too many emails asked for. Try again in ${Math.ceil(wait / 60)} minutes.` }])
  await sendEmail(newEmail, accountEmails.confirmNewAddress(await issueEmailLink(userId, 'change_email', newEmail)))
  return newEmail
}

export class EmailChangeError extends Error {
  override name = 'EmailChangeError'
}

/**
 * Moves the account to the address the link confirms (it counts as verified: the link reached it),
 * then tells the old address, so a takeover cannot go unnoticed. Returns the new address.
 */
export async function confirmEmailChange(secret: string): Promise<{ userId: string; email: string }> {
  const link = await consumeEmailLink(secret, 'change_email')
  if (!link)
    throw new EmailChangeError('This link was already used or has expired (links work for 24 hours). Ask for a new one in Settings.')
  const before = await prisma.user.findUniqueOrThrow({ where: { id: link.userId }, select: { email: true } })
  try {
    await prisma.user.update({ where: { id: link.userId }, data: { email: link.email, emailVerifiedAt: new Date() } })
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new EmailChangeError('Another Duopost account uses that address, so yours cannot move to it.')
    }
    throw error
  }
  sendInBackground('email_changed', () =>
    sendEmail(before.email, accountEmails.addressChanged(link.email, `${getEnv().APP_URL}/forgot-password`)),
  )
  return { userId: link.userId, email: link.email }
}
