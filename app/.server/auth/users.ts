import { Prisma } from '#prisma/generated/client/client.ts'
import { DEFAULT_TIME_ZONE, isTimeZone } from '#app/shared/zoned-time.ts'
import { prisma } from '../db.ts'
import { getEnv } from '../env.ts'
import { sendEmail, sendInBackground } from '../mail/send-email.ts'
import { accountEmails } from './account-emails.ts'
import { sendVerificationEmail } from './email-verification.ts'
import { InvalidInputError } from '../errors.ts'
import { CredentialsSchema, SignupSchema, fieldErrors, type FieldErrors } from './credentials.ts'
import { reserveLoginAttempt, reserveReauthentication, reserveSignup } from './login-throttle.ts'
import { decoyPasswordHash, hashPassword, verifyPassword } from './passwords.ts'
import type { SessionUser } from './sessions.ts'

/** An expected sign-in or sign-up failure: the form shows `errors` and keeps the typed email. */
export class CredentialsError extends Error {
  override name = 'CredentialsError'
  constructor(
    readonly errors: FieldErrors,
    readonly email: string,
    /** 400 bad input, 401 wrong credentials, 429 throttled. */
    readonly status: 400 | 401 | 429 = 400,
  ) {
    super(Object.values(errors).join(' '))
  }
}

function formText(form: FormData, name: string): string | undefined {
  const value = form.get(name)
  return typeof value === 'string' ? value : undefined
}

function tooMany(seconds: number, what: string, typedEmail: string): CredentialsError {
  return new CredentialsError({ form: `Too many ${what}. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.` }, typedEmail, 429)
}

/**
 * Creates the account unless the email already has one, and answers the same in both cases (the
 * caller then asks the person to log in), so sign-up cannot tell anyone who has an account. The
 * password is hashed either way, so the time taken does not tell either. Throttled per address.
 */
export async function signUp(form: FormData, ip: string | null): Promise<void> {
  const typedEmail = formText(form, 'email') ?? ''
  const parsed = SignupSchema.safeParse({ email: formText(form, 'email'), password: formText(form, 'password') })
  if (!parsed.success) throw new CredentialsError(fieldErrors(parsed.error), typedEmail)
  const wait = await reserveSignup(ip)
  if (wait > 0) throw tooMany(wait, 'new accounts from your network', typedEmail)
  const { email, password } = parsed.data
  try {
    const zone = formText(form, 'timeZone') ?? ''
    const timeZone = isTimeZone(zone) ? zone : DEFAULT_TIME_ZONE
    const user = await prisma.user.create({
      data: { email, passwordHash: await hashPassword(password), timeZone },
      select: { id: true, email: true },
    })
    sendInBackground('verify_email', () => sendVerificationEmail(user))
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) throw error
    // The owner of the address hears of it; the person at the form learns nothing.
    const { APP_URL } = getEnv()
    sendInBackground('already_registered', () =>
      sendEmail(email, accountEmails.alreadyRegistered(`${APP_URL}/login`, `${APP_URL}/forgot-password`)),
    )
  }
}

export async function logIn(form: FormData, ip: string | null): Promise<SessionUser> {
  const typedEmail = formText(form, 'email') ?? ''
  const parsed = CredentialsSchema.safeParse({ email: formText(form, 'email'), password: formText(form, 'password') })
  if (!parsed.success) throw new CredentialsError(fieldErrors(parsed.error), typedEmail)
  const { email, password } = parsed.data

  const wait = await reserveLoginAttempt({ email, ip })
  if (wait > 0) {
    throw tooMany(wait, 'sign-in attempts', typedEmail)
  }
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, email: true, passwordHash: true } })
  const valid = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), password)
  if (!user || !valid) {
    throw new CredentialsError({ form: 'That email and password do not match. Check both and try again.' }, typedEmail, 401)
  }
  return { id: user.id, email: user.email }
}

/**
 * Asks a signed-in person for their password again before something a stolen session should not
 * do on its own (creating an access token). Attempts count against a budget of their own, so a
 * stolen session cannot guess the password faster than the login form allows. A wrong password or
 * a spent budget is an InvalidInputError on the `password` field.
 */
export async function confirmPassword(userId: string, password: string): Promise<void> {
  const wait = await reserveReauthentication(userId)
  if (wait > 0) {
    throw new InvalidInputError([
      { field: 'password', message: `Too many wrong passwords. Try again in ${wait} second${wait === 1 ? '' : 's'}.` },
    ])
  }
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { passwordHash: true } })
  if (!user || !(await verifyPassword(user.passwordHash, password))) {
    throw new InvalidInputError([{ field: 'password', message: 'That is not your password. Enter the password you log in with.' }])
  }
}
