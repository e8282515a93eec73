import { Prisma } from '#prisma/generated/client/client.ts'
import { prisma } from '../db.ts'
import { CredentialsSchema, SignupSchema, fieldErrors, type FieldErrors } from './credentials.ts'
import { clearFailures, recordFailure, secondsUntilAllowed } from './login-throttle.ts'
import { decoyPasswordHash, hashPassword, verifyPassword } from './passwords.ts'
import type { SessionUser } from './sessions.ts'

/** An expected sign-in or sign-up failure: the form shows `errors` and keeps the typed email. */
export class CredentialsError extends Error {
  override name = 'CredentialsError'
  constructor(
    readonly errors: FieldErrors,
    readonly email: string,
    /** 400 bad input, 401 wrong credentials, 409 email taken, 429 throttled. */
    readonly status: 400 | 401 | 409 | 429 = 400,
  ) {
    super(Object.values(errors).join(' '))
  }
}

function formText(form: FormData, name: string): string | undefined {
  const value = form.get(name)
  return typeof value === 'string' ? value : undefined
}

export async function signUp(form: FormData): Promise<SessionUser> {
  const typedEmail = formText(form, 'email') ?? ''
  const parsed = SignupSchema.safeParse({ email: formText(form, 'email'), password: formText(form, 'password') })
  if (!parsed.success) throw new CredentialsError(fieldErrors(parsed.error), typedEmail)
  const { email, password } = parsed.data
  try {
    return await prisma.user.create({
      data: { email, passwordHash: await hashPassword(password) },
      select: { id: true, email: true },
    })
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new CredentialsError(
        { email: 'An account with this email already exists. Log in instead, or use another email.' },
        typedEmail,
        409,
      )
    }
    throw error
  }
}

export async function logIn(form: FormData, ip: string | null): Promise<SessionUser> {
  const typedEmail = formText(form, 'email') ?? ''
  const parsed = CredentialsSchema.safeParse({ email: formText(form, 'email'), password: formText(form, 'password') })
  if (!parsed.success) throw new CredentialsError(fieldErrors(parsed.error), typedEmail)
  const { email, password } = parsed.data

  const wait = await secondsUntilAllowed({ email, ip })
  if (wait > 0) {
    throw new CredentialsError({ form: `Too many failed attempts. Try again in ${wait} second${wait === 1 ? '' : 's'}.` }, typedEmail, 429)
  }
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, email: true, passwordHash: true } })
  const valid = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), password)
  if (!user || !valid) {
    await recordFailure({ email, ip })
    throw new CredentialsError({ form: 'That email and password do not match. Check both and try again.' }, typedEmail, 401)
  }
  await clearFailures(email)
  return { id: user.id, email: user.email }
}
