import { describe, expect, it } from 'vitest'
import { prisma } from '#app/.server/db.ts'
import { action as signupAction } from '#app/routes/signup.tsx'
import { actionArgs, dataResult, formRequest } from '#tests/utils.ts'
import { PASSWORD, sessionIdIn, signUp } from './helpers.ts'

type FormResult = { errors: Record<string, string>; email: string }

async function failedSignup(fields: Record<string, string>) {
  return dataResult<FormResult>(await signupAction(actionArgs(formRequest('/signup', fields))))
}

describe('sign-up', () => {
  it('creates the user with an argon2id hash, starts a session and redirects to the dashboard', async () => {
    const { response, cookie } = await signUp('Ada@Example.com')
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/dashboard')
    const setCookie = response.headers.get('set-cookie')!
    expect(setCookie).toMatch(/HttpOnly/i)
    expect(setCookie).toMatch(/SameSite=Lax/i)
    expect(setCookie).not.toMatch(/Secure/i)

    const user = await prisma.user.findUniqueOrThrow({ where: { email: 'ada@example.com' } })
    expect(user.passwordHash).toMatch(/^\$argon2id\$/)
    expect(user.passwordHash).not.toContain(PASSWORD)
    const sessions = await prisma.session.findMany({ where: { userId: user.id } })
    expect(sessions).toHaveLength(1)
    // The cookie carries the session id (signed), nothing about the user.
    expect(sessionIdIn(cookie)).toBe(sessions[0]!.id)
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

  it('refuses an email that is already taken, whatever its case', async () => {
    await signUp('taken@example.com')
    const result = await failedSignup({ email: 'TAKEN@example.com', password: PASSWORD })
    expect(result.status).toBe(409)
    expect(result.data.errors.email).toMatch(/already exists/)
    expect(result.data.email).toBe('TAKEN@example.com')
    expect(await prisma.user.count({ where: { email: { contains: 'taken@' } } })).toBe(1)
  })
})
