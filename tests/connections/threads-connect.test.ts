import { afterEach, describe, expect, it, vi } from 'vitest'
import { prisma } from '#app/.server/db.ts'
import { signUp } from '#tests/auth/helpers.ts'
import { answerConsent, SANDBOX_SECRET_PATTERN, useMetaSandbox } from '#tests/meta-sandbox.ts'
import { connectionsOf, connectThrough, openCallback, startConnect } from './helpers.ts'

const meta = useMetaSandbox()

afterEach(() => {
  vi.useRealTimers()
})

async function personWithThreads(name = 'Ana') {
  return meta.control.createPerson({ name, threads: true, signIn: true })
}

async function codeExchanges() {
  return meta.control.calls({ route: 'threads.oauth.access_token' })
}

describe('connecting Threads', () => {
  it('runs code → short-lived → long-lived → profile and stores the account with an encrypted token', async () => {
    const { cookie, userId } = await signUp('threads-happy@example.com')
    const person = await personWithThreads()
    const { authorizationUrl } = await startConnect('Threads', cookie)
    const authorize = new URL(authorizationUrl!)
    expect(authorize.searchParams.get('redirect_uri')).toBe('http://localhost:3000/auth/threads/callback')
    expect(authorize.searchParams.get('scope')).toBe('threads_basic,threads_content_publish,threads_delete')
    expect(Buffer.from(authorize.searchParams.get('state')!, 'base64url').length).toBeGreaterThanOrEqual(16)

    const response = await openCallback(await answerConsent(authorizationUrl!), cookie)
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/dashboard?success=threads_connected')
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('referrer-policy')).toBe('no-referrer')

    const { threads, warnings } = await connectionsOf(cookie)
    expect(threads).toMatchObject({
      threadsUserId: person.threads!.id,
      username: person.threads!.username,
      status: 'ACTIVE',
      canPublish: true,
    })
    const days = (new Date(threads!.expiresAt).getTime() - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(59)
    expect(days).toBeLessThanOrEqual(60)
    expect(warnings).toEqual([])

    const [row] = await prisma.$queryRawUnsafe<{ access_token: string }[]>('SELECT access_token FROM "Account" WHERE "userId" = $1', userId)
    expect(row!.access_token).toMatch(/^v1:/)
    expect(row!.access_token).not.toMatch(SANDBOX_SECRET_PATTERN)
    expect(await codeExchanges()).toHaveLength(1)
    expect(await meta.control.calls({ route: 'threads.access_token' })).toHaveLength(1)
  })

  it('returns to the returnTo path it was given', async () => {
    const { cookie } = await signUp('threads-return@example.com')
    await personWithThreads()
    const { authorizationUrl } = await startConnect('Threads', cookie, '/settings?tab=connections')
    const response = await openCallback(await answerConsent(authorizationUrl!), cookie)
    expect(response.headers.get('location')).toBe('/settings?tab=connections&success=threads_connected')
  })

  it('refuses a returnTo that leaves the site, naming the field', async () => {
    const { cookie } = await signUp('threads-open-redirect@example.com')
    for (const returnTo of ['//evil.example', 'https://evil.example/x', '/\\evil.example']) {
      const result = await startConnect('Threads', cookie, returnTo)
      expect(result.__typename).toBe('InvalidInputError')
      expect(result.message).toMatch(/returnTo: Must be a path on this Duopost site/)
    }
    expect(await prisma.oAuthState.count({ where: { user: { email: 'threads-open-redirect@example.com' } } })).toBe(0)
  })

  it('reports a denied consent and stores nothing', async () => {
    const { cookie, userId } = await signUp('threads-deny@example.com')
    await personWithThreads()
    const { authorizationUrl } = await startConnect('Threads', cookie)
    const callback = await answerConsent(authorizationUrl!, { decision: 'deny' })
    expect(callback.searchParams.get('error')).toBe('access_denied')
    const response = await openCallback(callback, cookie)
    expect(response.headers.get('location')).toBe('/dashboard?error=consent_denied')
    expect(await prisma.account.count({ where: { userId } })).toBe(0)
    expect(await codeExchanges()).toHaveLength(0)
  })

  it('refuses a callback without state before touching Meta', async () => {
    const { cookie } = await signUp('threads-nostate@example.com')
    const response = await openCallback('http://localhost:3000/auth/threads/callback?code=AQSANDBOXabc', cookie)
    expect(response.headers.get('location')).toBe('/dashboard?error=state_missing')
    expect(await codeExchanges()).toHaveLength(0)
  })

  it('uses a state once: replaying the callback fails and exchanges no second code', async () => {
    const { cookie } = await signUp('threads-replay@example.com')
    await personWithThreads()
    const { authorizationUrl } = await startConnect('Threads', cookie)
    const callback = await answerConsent(authorizationUrl!)
    expect((await openCallback(callback, cookie)).headers.get('location')).toContain('success=threads_connected')
    expect((await openCallback(callback, cookie)).headers.get('location')).toBe('/dashboard?error=state_invalid')
    expect(await codeExchanges()).toHaveLength(1)
  })

  it('refuses a state older than 10 minutes', async () => {
    const { cookie, userId } = await signUp('threads-expired@example.com')
    await personWithThreads()
    const { authorizationUrl } = await startConnect('Threads', cookie)
    const callback = await answerConsent(authorizationUrl!)
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 10 * 60 * 1000 + 1000)
    expect((await openCallback(callback, cookie)).headers.get('location')).toBe('/dashboard?error=state_expired')
    expect(await codeExchanges()).toHaveLength(0)
    expect(await prisma.account.count({ where: { userId } })).toBe(0)
  })

  it("refuses another user's state: nothing is exchanged or stored for either user", async () => {
    const alice = await signUp('threads-alice@example.com')
    const mallory = await signUp('threads-mallory@example.com')
    await personWithThreads()
    const { authorizationUrl } = await startConnect('Threads', alice.cookie)
    const callback = await answerConsent(authorizationUrl!)
    expect((await openCallback(callback, mallory.cookie)).headers.get('location')).toBe('/dashboard?error=state_other_user')
    // The state is burned, so Alice must start again.
    expect((await openCallback(callback, alice.cookie)).headers.get('location')).toBe('/dashboard?error=state_invalid')
    expect(await codeExchanges()).toHaveLength(0)
    expect(await prisma.account.count({ where: { userId: { in: [alice.userId, mallory.userId] } } })).toBe(0)
  })

  it('refuses a Threads state delivered to the Facebook callback (mix-up defence)', async () => {
    const { cookie } = await signUp('threads-mixup@example.com')
    await personWithThreads()
    const { authorizationUrl } = await startConnect('Threads', cookie)
    const callback = await answerConsent(authorizationUrl!)
    callback.pathname = '/auth/facebook/callback'
    expect((await openCallback(callback, cookie)).headers.get('location')).toBe('/dashboard?error=state_wrong_provider')
    expect(await meta.control.calls({ pathContains: 'access_token' })).toHaveLength(0)
  })

  it('sends a signed-out browser to log in without exchanging the code', async () => {
    const { cookie } = await signUp('threads-signedout@example.com')
    await personWithThreads()
    const { authorizationUrl } = await startConnect('Threads', cookie)
    const response = await openCallback(await answerConsent(authorizationUrl!))
    expect(response.headers.get('location')).toMatch(/^\/login\?/)
    expect(await codeExchanges()).toHaveLength(0)
  })

  it('reports a code Meta rejects (already used) and stores nothing new', async () => {
    const { cookie, userId } = await signUp('threads-code-reuse@example.com')
    await personWithThreads()
    const first = await startConnect('Threads', cookie)
    const used = await answerConsent(first.authorizationUrl!)
    await openCallback(used, cookie)
    await prisma.account.deleteMany({ where: { userId } })
    const second = await startConnect('Threads', cookie)
    const fresh = await answerConsent(second.authorizationUrl!)
    fresh.searchParams.set('code', used.searchParams.get('code')!)
    expect((await openCallback(fresh, cookie)).headers.get('location')).toBe('/dashboard?error=code_rejected')
    expect(await prisma.account.count({ where: { userId } })).toBe(0)
  })

  it.each([
    {
      name: 'a transient Meta error',
      fault: { route: 'threads.oauth.access_token' as const, error: { code: 2 } },
      code: 'meta_unreachable',
    },
    { name: 'a dropped connection', fault: { route: 'threads.access_token' as const, drop: true }, code: 'meta_unreachable' },
    { name: 'a rate limit', fault: { route: 'threads.access_token' as const, error: { code: 4 } }, code: 'meta_rate_limited' },
    {
      name: 'a token rejected after it was issued',
      fault: { path: '/v1.0/me', error: { code: 190, error_subcode: 467 } },
      code: 'access_rejected',
    },
  ])('maps $name during the callback to error=$code and stores nothing', async ({ fault, code }) => {
    const { cookie, userId } = await signUp(`threads-fault-${code}-${Math.random()}@example.com`)
    await personWithThreads()
    await meta.control.injectFault(fault)
    const response = await connectThrough('Threads', cookie)
    expect(response.headers.get('location')).toBe(`/dashboard?error=${code}`)
    expect(await prisma.account.count({ where: { userId } })).toBe(0)
  })

  it('reconnecting updates the same account in place with a new token', async () => {
    const { cookie, userId } = await signUp('threads-reconnect@example.com')
    await personWithThreads()
    await connectThrough('Threads', cookie)
    const before = await prisma.account.findFirstOrThrow({ where: { userId } })
    await connectThrough('Threads', cookie)
    const after = await prisma.account.findFirstOrThrow({ where: { userId } })
    expect(await prisma.account.count({ where: { userId } })).toBe(1)
    expect(after.id).toBe(before.id)
    expect(after.accessToken).not.toBe(before.accessToken)
    expect(after.createdAt).toEqual(before.createdAt)
  })

  describe('confirming the new token with debug_token', () => {
    const debugReply = (data: Record<string, unknown>) => ({
      route: 'threads.debug_token' as const,
      reply: { status: 200, contentType: 'application/json', body: JSON.stringify({ data }) },
    })

    it('asks Meta with the app token and stores the expiry Meta reports, not the computed one', async () => {
      const { cookie, userId } = await signUp('threads-debug-expiry@example.com')
      await personWithThreads()
      const metaExpiry = Math.floor(Date.now() / 1000) + 20 * 86_400
      await meta.control.injectFault(debugReply({ is_valid: true, type: 'USER', expires_at: metaExpiry, scopes: ['threads_basic'] }))
      const response = await connectThrough('Threads', cookie)
      expect(response.headers.get('location')).toBe('/dashboard?success=threads_connected')
      const [check] = await meta.control.calls({ route: 'threads.debug_token' })
      expect(check!.query.access_token).toBe(`TH|${meta.threadsApp.id}|${meta.threadsApp.secret}`)
      expect((await prisma.account.findFirstOrThrow({ where: { userId } })).tokenExpiresAt).toEqual(new Date(metaExpiry * 1000))
    })

    it('connects nothing, and says access was refused, when Meta reports the new token as not valid', async () => {
      const { cookie, userId } = await signUp('threads-debug-invalid@example.com')
      await personWithThreads()
      await meta.control.injectFault(debugReply({ is_valid: false, scopes: [] }))
      const response = await connectThrough('Threads', cookie)
      expect(response.headers.get('location')).toBe('/dashboard?error=access_rejected')
      expect(await prisma.account.count({ where: { userId } })).toBe(0)
    })

    it.each([
      { name: 'a dropped connection', fault: { drop: true } },
      { name: 'a server error', fault: { error: { code: 2, status: 500 } } },
    ])('still connects, with the computed expiry, when debug_token fails with $name', async ({ fault }) => {
      const { cookie, userId } = await signUp(`threads-debug-down-${Math.random()}@example.com`)
      await personWithThreads()
      await meta.control.injectFault({ route: 'threads.debug_token', ...fault })
      const response = await connectThrough('Threads', cookie)
      expect(response.headers.get('location')).toBe('/dashboard?success=threads_connected')
      const account = await prisma.account.findFirstOrThrow({ where: { userId } })
      const days = (account.tokenExpiresAt!.getTime() - Date.now()) / 86_400_000
      expect(days).toBeGreaterThan(59)
      expect(account.status).toBe('ACTIVE')
    })
  })
})
