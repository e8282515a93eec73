import { z } from 'zod'
import { prisma } from '../db.ts'
import { InvalidInputError } from '../errors.ts'
import { MAIL_OFF_MESSAGE, mailMode } from '../mail/mail-mode.ts'
import { sendEmail, sendInBackground } from '../mail/send-email.ts'
import { accountEmails } from './account-emails.ts'
import { EmailSchema, NewPasswordSchema } from './credentials.ts'
import { consumeEmailLink, issueEmailLink, retireEmailLinks } from './email-links.ts'
import { reserveEmailRequest } from './login-throttle.ts'
import { hashPassword } from './passwords.ts'

function issuesOf(error: z.ZodError) {
  return error.issues.map((issue) => ({ field: String(issue.path[0] ?? 'form'), message: issue.message }))
}

/**
 * Sends a reset link when an account has the address, and nothing otherwise; the caller answers
 * the same either way and the email leaves after the answer, so neither the words nor the timing
 * tell who has an account. Throttled per address and per recipient.
 */
export async function requestPasswordReset(input: { email: unknown }, ip: string | null): Promise<void> {
  if (mailMode() === 'off') throw new InvalidInputError([{ field: 'form', message: MAIL_OFF_MESSAGE }])
  const parsed = z.object({ email: EmailSchema }).safeParse(input)
  if (!parsed.success) throw new InvalidInputError(issuesOf(parsed.error))
  const { email } = parsed.data
  const wait = await reserveEmailRequest({ email, ip })
  if (wait > 0) {
    throw new InvalidInputError([{ field: 'form', message: `Too many reset requests. Try again in ${Math.ceil(wait / 60)} minutes.` }])
  }
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, email: true } })
  if (!user) return
  sendInBackground('password_reset', async () => {
    await sendEmail(user.email, accountEmails.reset(await issueEmailLink(user.id, 'reset_password', user.email)))
  })
}

export const ResetSchema = z.object({
  token: z.string({ error: 'This reset link is incomplete.' }).min(1, 'This reset link is incomplete.'),
  password: NewPasswordSchema,
})

export const EXPIRED_RESET_LINK =
  'This reset link was already used or has expired (links work once, for 30 minutes). Ask for a new one below.'

/**
 * Sets the new password with a valid link, uses the link up (with every other reset link of the
 * person) and ends every session. The link also proves the address, so it counts as verified.
 * Returns the user id, to start the one new session.
 */
export async function resetPassword(input: { token: unknown; password: unknown }): Promise<string> {
  const parsed = ResetSchema.safeParse(input)
  if (!parsed.success) throw new InvalidInputError(issuesOf(parsed.error))
  const passwordHash = await hashPassword(parsed.data.password)
  const link = await consumeEmailLink(parsed.data.token, 'reset_password')
  if (!link) throw new InvalidInputError([{ field: 'token', message: EXPIRED_RESET_LINK }])
  const user = await prisma.user.findUniqueOrThrow({ where: { id: link.userId }, select: { email: true, emailVerifiedAt: true } })
  const proved = user.email === link.email && !user.emailVerifiedAt
  await prisma.$transaction([
    prisma.user.update({ where: { id: link.userId }, data: { passwordHash, ...(proved ? { emailVerifiedAt: new Date() } : {}) } }),
    prisma.session.deleteMany({ where: { userId: link.userId } }),
  ])
  await retireEmailLinks(link.userId, 'reset_password')
  return link.userId
}
