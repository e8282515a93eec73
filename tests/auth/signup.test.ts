import { describe, expect, it } from 'vitest'
import { SIGNUP_LIMIT } from '#app/.server/auth/login-throttle.ts'
import { prisma } from '#app/.server/db.ts'
import { SIGNED_UP } from '#app/auth-form.server.ts'
import { action as signupAction } from '#app/routes/signup.tsx'
import { actionArgs, dataResult, formRequest, settle } from '#tests/utils.ts'
import { PASSWORD, signUp } from './helpers.ts'

type FormResult = { errors: Record<string, string>; email: string }

function signupWith(fields: Record<string, string>, clientIp?: string) {
  return signupAction(actionArgs(formRequest('/signup', fields), clientIp))
}

async function failedSignup(fields: Record<string, string>) {
  return dataResult<FormResult>(await signupWith(fields))
}

/** What a client can see of a sign-up's answer. */
async function visible(response: Response) {
  const cookie = response.headers.get('set-cookie') ?? ''
  return {
    status: response.status,
    location: response.headers.get('location'),
    cookieName: cookie.split('=')[0],
    body: await response.text(),
  }
}

describe('sign-up', () => {
  it('creates the user with an argon2id hash and sends the person to log in, without a session', async () => {
    const response = await settle(signupWith({ email: 'Ada@Example.com', password: PASSWORD }))
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/login')
    expect(response.headers.get('set-cookie')).toMatch(/^duopost_flash=/)
    const user = await prisma.user.findUniqueOrThrow({ where: { email: 'ada@example.com' } })
    expect(user.passwordHash).toMatch(/^\$argon2id\$/)
    expect(user.passwordHash).not.toContain(PASSWORD)
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0)
  })

  it('answers an email that already has an account exactly as a new one, and changes nothing', async () => {
    const { userId } = await signUp('taken@example.com')
    const before = await prisma.user.findUniqueOrThrow({ where: { id: userId } })
    const fresh = await visible(await settle(signupWith({ email: 'brand-new@example.com', password: 'another long passphrase' })))
    const taken = await visible(await settle(signupWith({ email: 'TAKEN@example.com', password: 'another long passphrase' })))
    expect(taken).toEqual(fresh)
    expect(await prisma.user.findUniqueOrThrow({ where: { id: userId } })).toEqual(before)
    expect(SIGNED_UP).toMatch(/already had an account/)
  })

  it('refuses a common password, however long, and says why', async () => {
    for (const password of ['password1234', 'qwertyuiop123', 'PASSWORD1234']) {
      const result = await failedSignup({ email: 'common@example.com', password })
      expect(result.status, password).toBe(400)
      expect(result.data.errors.password).toMatch(/most common passwords/)
    }
    expect(await prisma.user.count({ where: { email: 'common@example.com' } })).toBe(0)
  })

  it('limits new accounts per address, in parallel too', async () => {
    const clientIp = '192.0.2.77'
    const statuses = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const result = await signupWith({ email: `flood${i}@example.com`, password: PASSWORD }, clientIp)
        return result instanceof Response ? result.status : dataResult(result).status
      }),
    )
    expect(statuses.filter((status) => status === 302)).toHaveLength(SIGNUP_LIMIT.limit)
    expect(statuses.filter((status) => status === 429)).toHaveLength(30 - SIGNUP_LIMIT.limit)
    expect(await prisma.user.count({ where: { email: { startsWith: 'flood' } } })).toBe(SIGNUP_LIMIT.limit)
    const throttled = dataResult<FormResult>(await signupWith({ email: 'later@example.com', password: PASSWORD }, clientIp))
    expect(throttled.status).toBe(429)
    expect(throttled.data.errors.form).toMatch(/Try again in \d+ seconds?/)
  })

  it('refuses a malformed email and keeps what was typed', async () => {
    const result = await failedSignup({ email: 'not-an-email', password: PASSWORD })
    expect(result.status).toBe(400)
    expect(result.data.errors.email).toMatch(/valid email address/)
    expect(result.data.email).toBe('not-an-email')
    expect(await prisma.user.count({ where: { email: 'not-an-email' } })).toBe(0)
  })

  it('refuses a short password, saying how long it must be', async () => {
    const result = await failedSignup({ email: 'short@example.com', password: 'abc' })
    expect(result.status).toBe(400)
    expect(result.data.errors.password).toMatch(/at least 12 characters/)
    expect(result.data.email).toBe('short@example.com')
  })

  it('refuses missing fields with a message for each', async () => {
    const result = await failedSignup({})
    expect(result.status).toBe(400)
    expect(result.data.errors.email).toMatch(/email/i)
    expect(result.data.errors.password).toMatch(/password/i)
  })
})
