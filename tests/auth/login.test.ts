import { describe, expect, it } from 'vitest'
import { LOGIN_LIMITS, reserveLoginAttempt } from '#app/.server/auth/login-throttle.ts'
import { getUser } from '#app/.server/auth/sessions.ts'
import { prisma } from '#app/.server/db.ts'
import { action as loginAction } from '#app/routes/login.tsx'
import { action as logoutAction } from '#app/routes/logout.tsx'
import { actionArgs, cookieFrom, dataResult, formRequest, getRequest, settle } from '#tests/utils.ts'
import { PASSWORD, logIn, sessionCookieFor, sessionIdIn, sessionSecretIn, signUp } from './helpers.ts'

type FormResult = { errors: Record<string, string>; email: string }

describe('login', () => {
  it('starts a new session and redirects to the dashboard', async () => {
    await signUp('grace@example.com')
    const response = await settle(logIn('grace@example.com'))
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/dashboard')
    const user = await getUser(getRequest('/dashboard', cookieFrom(response)))
    expect(user?.email).toBe('grace@example.com')
  })

  it('rotates the session id: the session the browser had before is deleted', async () => {
    const { cookie: before } = await signUp('rotate@example.com')
    const response = await settle(logIn('rotate@example.com', PASSWORD, { cookie: before }))
    const after = cookieFrom(response)
    expect(sessionIdIn(after)).not.toBe(sessionIdIn(before))
    expect(await getUser(getRequest('/', before))).toBeNull()
    expect(await getUser(getRequest('/', after))).not.toBeNull()
    const sessions = await prisma.session.findMany({ where: { user: { email: 'rotate@example.com' } } })
    expect(sessions.map((session) => session.id)).toEqual([sessionIdIn(after)])
    // Only the hash of the cookie's secret is stored: a copy of the table signs nobody in.
    expect(sessions[0]!.id).not.toBe(sessionSecretIn(after))
    const replayed = await sessionCookieFor(sessions[0]!.id)
    expect(await getUser(getRequest('/', replayed))).toBeNull()
  })

  it('never redirects off the site, whatever the redirectTo trick', async () => {
    await signUp('tricks@example.com')
    for (const redirectTo of ['/..//evil.example/phish', '/.//evil.example', '/%2e%2e//evil.example', '/a/..//evil.example']) {
      const response = await settle(logInWith({ email: 'tricks@example.com', password: PASSWORD, redirectTo }))
      expect(response.headers.get('location'), redirectTo).toBe('/dashboard')
    }
  })

  it('honours a redirectTo that is a path on this app, and ignores one that leaves it', async () => {
    await signUp('redirect@example.com')
    const ok = await settle(logInWith({ email: 'redirect@example.com', password: PASSWORD, redirectTo: '/settings?tab=1' }))
    expect(ok.headers.get('location')).toBe('/settings?tab=1')
    const evil = await settle(logInWith({ email: 'redirect@example.com', password: PASSWORD, redirectTo: '//evil.example/x' }))
    expect(evil.headers.get('location')).toBe('/dashboard')
  })

  it('says when the email and password do not match, without saying which', async () => {
    await signUp('hopper@example.com')
    const wrongPassword = dataResult<FormResult>(await logIn('hopper@example.com', 'not the password at all'))
    const unknownEmail = dataResult<FormResult>(await logIn('nobody@example.com', PASSWORD))
    expect(wrongPassword.status).toBe(401)
    expect(wrongPassword.data.errors.form).toMatch(/do not match/)
    expect(wrongPassword.data.email).toBe('hopper@example.com')
    expect(unknownEmail.data.errors.form).toBe(wrongPassword.data.errors.form)
  })

  it('refuses a malformed email before checking anything', async () => {
    const result = dataResult<FormResult>(await logIn('nope', PASSWORD))
    expect(result.status).toBe(400)
    expect(result.data.errors.email).toMatch(/valid email/)
  })

  it('slows down one address guessing one account: the 11th try is refused with a wait time, even with the right password', async () => {
    await signUp('target@example.com')
    const clientIp = '192.0.2.10'
    for (let i = 0; i < 10; i++) {
      expect(dataResult<FormResult>(await logIn('target@example.com', `wrong password ${i}`, { clientIp })).status).toBe(401)
    }
    const throttled = dataResult<FormResult>(await logIn('target@example.com', PASSWORD, { clientIp }))
    expect(throttled.status).toBe(429)
    expect(throttled.data.errors.form).toMatch(/Try again in \d+ seconds?/)
  })

  it('counts each attempt before checking the password: 100 parallel guesses get exactly 10 checked', async () => {
    await signUp('raced@example.com')
    const clientIp = '192.0.2.11'
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        logIn('raced@example.com', `wrong password ${i}`, { clientIp }).then((r) => dataResult<FormResult>(r).status),
      ),
    )
    expect(results.filter((status) => status === 401)).toHaveLength(LOGIN_LIMITS.accountAndAddress.limit)
    expect(results.filter((status) => status === 429)).toHaveLength(100 - LOGIN_LIMITS.accountAndAddress.limit)
  })

  it("does not lock the owner out: an attacker's guesses from one address leave other addresses free", async () => {
    await signUp('victim@example.com')
    for (let i = 0; i < 11; i++) await logIn('victim@example.com', `attacker guess ${i}`, { clientIp: '203.0.113.66' })
    expect(dataResult<FormResult>(await logIn('victim@example.com', PASSWORD, { clientIp: '203.0.113.66' })).status).toBe(429)
    const owner = await settle(logIn('victim@example.com', PASSWORD, { clientIp: '198.18.0.1' }))
    expect(owner.status).toBe(302)
  })

  it('slows down one address trying many accounts, and one account tried from many addresses', async () => {
    const address = '192.0.2.99'
    for (let i = 0; i < LOGIN_LIMITS.address.limit; i++)
      expect(await reserveLoginAttempt({ email: `spray${i}@example.com`, ip: address })).toBe(0)
    expect(await reserveLoginAttempt({ email: 'one-more@example.com', ip: address })).toBeGreaterThan(0)
    for (let i = 0; i < LOGIN_LIMITS.account.limit; i++)
      expect(await reserveLoginAttempt({ email: 'popular@example.com', ip: `10.1.${i >> 8}.${i & 255}` })).toBe(0)
    expect(await reserveLoginAttempt({ email: 'popular@example.com', ip: '10.9.9.9' })).toBeGreaterThan(0)
  })
})

describe('logout', () => {
  it('deletes the session row, clears the cookie, and the old cookie is useless afterwards', async () => {
    const { cookie } = await signUp('turing@example.com')
    const response = await settle(logoutAction(actionArgs(formRequest('/logout', {}, { cookie }))))
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/login')
    expect(response.headers.get('set-cookie')).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i)
    expect(await prisma.session.count({ where: { id: sessionIdIn(cookie) } })).toBe(0)
    expect(await getUser(getRequest('/dashboard', cookie))).toBeNull()
  })
})

function logInWith(fields: Record<string, string>) {
  return loginAction(actionArgs(formRequest('/login', fields)))
}
