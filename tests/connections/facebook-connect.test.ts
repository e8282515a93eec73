import { describe, expect, it } from 'vitest'
import { prisma } from '#app/.server/db.ts'
import { signUp } from '#tests/auth/helpers.ts'
import { SANDBOX_SECRET_PATTERN, useMetaSandbox } from '#tests/meta-sandbox.ts'
import type { PersonInput } from '../../sandbox/control-types.ts'
import { connectionsOf, connectThrough, openDashboard } from './helpers.ts'

const meta = useMetaSandbox()

async function personWithPages(pages: PersonInput['pages']) {
  return meta.control.createPerson({ name: 'Bo', pages, signIn: true })
}

describe('connecting Facebook Pages', () => {
  it('stores one account per granted Page, with the Page token and the user token encrypted', async () => {
    const { cookie, userId } = await signUp('fb-happy@example.com')
    const person = await personWithPages(3)
    const chosen = person.pages.slice(0, 2).map((page) => page.id)
    const response = await connectThrough('Facebook', cookie, { tick: { page_id: chosen } })
    expect(response.headers.get('location')).toBe('/dashboard?success=facebook_connected')

    const { facebookPages, warnings } = await connectionsOf(cookie)
    expect(facebookPages.map((page) => page.pageId).sort()).toEqual([...chosen].sort())
    for (const page of facebookPages) {
      expect(page).toMatchObject({ canPublish: true, status: 'ACTIVE', publishBlockedReason: null, expiresAt: null })
    }
    expect(warnings).toEqual([])

    const rows = await prisma.$queryRawUnsafe<{ access_token: string; pageAccessToken: string; platform: string }[]>(
      'SELECT access_token, "pageAccessToken", platform::text FROM "Account" WHERE "userId" = $1',
      userId,
    )
    expect(rows).toHaveLength(2)
    for (const row of rows) {
      expect(row.platform).toBe('facebook')
      expect(row.access_token).toMatch(/^v1:/)
      expect(row.pageAccessToken).toMatch(/^v1:/)
      expect(`${row.access_token}${row.pageAccessToken}`).not.toMatch(SANDBOX_SECRET_PATTERN)
    }
  })

  it('signs every Graph call that carries a token with appsecret_proof and appsecret_time', async () => {
    const { cookie } = await signUp('fb-proof@example.com')
    const person = await personWithPages(1)
    await connectThrough('Facebook', cookie, { tick: { page_id: [person.pages[0]!.id] } })
    const calls = await meta.control.calls({ pathContains: '/v' })
    const withToken = calls.filter((call) => call.query.access_token ?? call.body.access_token)
    expect(withToken.length).toBeGreaterThanOrEqual(3)
    for (const call of withToken) {
      const params = { ...call.query, ...call.body }
      expect(params.appsecret_proof, call.path).toMatch(/^[0-9a-f]{64}$/)
      expect(params.appsecret_time, call.path).toMatch(/^\d+$/)
      expect(call.status, call.path).toBeLessThan(400)
    }
  })

  it('follows /me/accounts paging to the end for a person with 30 Pages', async () => {
    const { cookie } = await signUp('fb-paging@example.com')
    const person = await personWithPages(30)
    await connectThrough('Facebook', cookie, { tick: { page_id: person.pages.map((page) => page.id) } })
    const { facebookPages } = await connectionsOf(cookie)
    expect(facebookPages).toHaveLength(30)
    const listCalls = await meta.control.calls({ route: 'facebook.accounts' })
    expect(listCalls.length).toBeGreaterThan(1)
  })

  it('includes the Business Manager Pages the person granted, which /me/accounts does not list', async () => {
    const { cookie } = await signUp('fb-business@example.com')
    const person = await personWithPages(1)
    const withBusiness = await meta.control.addBusiness(person.id, { name: 'Acme Ltd', ownedPages: 2, clientPages: 1 })
    const [acme] = withBusiness.businesses
    const granted = [person.pages[0]!.id, acme!.ownedPages[0]!.id, acme!.clientPages[0]!.id]
    await connectThrough('Facebook', cookie, { tick: { page_id: granted } })
    const { facebookPages } = await connectionsOf(cookie)
    expect(facebookPages.map((page) => page.pageId).sort()).toEqual([...granted].sort())
    expect(facebookPages.every((page) => page.canPublish)).toBe(true)
  })

  it('records a Page the person cannot publish to, with the reason, and warns about it', async () => {
    const { cookie } = await signUp('fb-norights@example.com')
    const person = await personWithPages([{ name: 'Can post' }, { name: 'Analyst only', tasks: ['ANALYZE'] }])
    await connectThrough('Facebook', cookie, { tick: { page_id: person.pages.map((page) => page.id) } })
    const { facebookPages, warnings } = await connectionsOf(cookie)
    const analyst = facebookPages.find((page) => page.name === 'Analyst only')!
    expect(analyst.canPublish).toBe(false)
    expect(analyst.publishBlockedReason).toMatch(/role on this Page does not allow creating posts/)
    expect(facebookPages.find((page) => page.name === 'Can post')!.canPublish).toBe(true)
    expect(warnings).toEqual([
      expect.objectContaining({ accountId: analyst.id, provider: 'FACEBOOK', message: analyst.publishBlockedReason }),
    ])
  })

  it('marks every Page unpublishable when the person switched off the publishing permission', async () => {
    const { cookie } = await signUp('fb-declined@example.com')
    const person = await personWithPages(1)
    const scopes = ['pages_show_list', 'pages_read_engagement', 'business_management']
    await connectThrough('Facebook', cookie, { tick: { page_id: [person.pages[0]!.id], scope_choice: scopes } })
    const { facebookPages } = await connectionsOf(cookie)
    expect(facebookPages[0]).toMatchObject({ canPublish: false, publishBlockedReason: expect.stringMatching(/permission to publish/) })
  })

  it('on reconnect keeps the ids of Pages granted again and marks the Page no longer granted', async () => {
    const { cookie, userId } = await signUp('fb-reconnect@example.com')
    const person = await personWithPages(3)
    const ids = person.pages.map((page) => page.id)
    await connectThrough('Facebook', cookie, { tick: { page_id: ids } })
    const before = await prisma.account.findMany({ where: { userId }, orderBy: { platformAccountId: 'asc' } })
    await connectThrough('Facebook', cookie, { tick: { page_id: ids.slice(0, 2) } })
    const after = await prisma.account.findMany({ where: { userId }, orderBy: { platformAccountId: 'asc' } })
    expect(after.map((account) => account.id)).toEqual(before.map((account) => account.id))
    const dropped = after.find((account) => account.platformAccountId === ids[2])!
    expect(dropped.status).toBe('NEEDS_RECONNECT')
    expect(dropped.canPublish).toBe(false)
    const { warnings } = await connectionsOf(cookie)
    expect(warnings).toEqual([
      expect.objectContaining({ accountId: dropped.id, status: 'NEEDS_RECONNECT', message: expect.stringMatching(/tick this Page/) }),
    ])
  })

  it('reports when no Page was chosen and stores nothing', async () => {
    const { cookie, userId } = await signUp('fb-nopages@example.com')
    await personWithPages(2)
    const response = await connectThrough('Facebook', cookie, { tick: { page_id: [] } })
    expect(response.headers.get('location')).toBe('/dashboard?error=no_pages')
    expect(await prisma.account.count({ where: { userId } })).toBe(0)
  })

  it('reports a denied consent', async () => {
    const { cookie, userId } = await signUp('fb-deny@example.com')
    await personWithPages(1)
    const response = await connectThrough('Facebook', cookie, { decision: 'deny' })
    expect(response.headers.get('location')).toBe('/dashboard?error=consent_denied')
    expect(await prisma.account.count({ where: { userId } })).toBe(0)
    expect(await meta.control.calls({ route: 'facebook.oauth.access_token' })).toHaveLength(0)
  })

  it.each([
    {
      name: 'a Pages rate limit while listing Pages',
      fault: { route: 'facebook.accounts' as const, error: { code: 80001, regainAccessMinutes: 5 } },
      code: 'meta_rate_limited',
    },
    {
      name: 'Meta being down at the code exchange',
      fault: { route: 'facebook.oauth.access_token' as const, error: { code: 1 } },
      code: 'meta_unreachable',
    },
    { name: 'a dropped connection to Meta', fault: { route: 'facebook.permissions' as const, drop: true }, code: 'meta_unreachable' },
    {
      name: 'a token Meta rejects after issuing it',
      fault: { route: 'facebook.permissions' as const, error: { code: 190, error_subcode: 460 } },
      code: 'access_rejected',
    },
    {
      name: 'a sign-in code Meta does not accept',
      fault: { route: 'facebook.oauth.access_token' as const, error: { code: 100, error_subcode: 36009 } },
      code: 'code_rejected',
    },
    {
      name: 'Meta refusing to list the Pages',
      fault: { route: 'facebook.accounts' as const, error: { code: 100, message: '(#100) Tried accessing nonexisting field' } },
      code: 'pages_unlisted',
    },
  ])('maps $name to error=$code and stores nothing', async ({ fault, code }) => {
    const { cookie, userId } = await signUp(`fb-fault-${Math.random()}@example.com`)
    const person = await personWithPages(2)
    await meta.control.injectFault(fault)
    const response = await connectThrough('Facebook', cookie, { tick: { page_id: person.pages.map((page) => page.id) } })
    expect(response.headers.get('location')).toBe(`/dashboard?error=${code}`)
    expect(await prisma.account.count({ where: { userId } })).toBe(0)
  })

  it.each([
    { name: 'a server error', fault: { error: { code: 2, status: 500 } } },
    { name: 'a dropped connection', fault: { drop: true } },
    { name: 'a refusal other than a missing permission', fault: { error: { code: 100, message: '(#100) Unsupported get request' } } },
  ])('connects the own Pages with a warning when the Business listing fails with $name', async ({ fault }) => {
    const { cookie } = await signUp(`fb-biz-fault-${Math.random()}@example.com`)
    const person = await personWithPages(7)
    const withBusiness = await meta.control.addBusiness(person.id, { name: 'Acme Ltd', ownedPages: 1 })
    const granted = [...person.pages.map((page) => page.id), withBusiness.businesses[0]!.ownedPages[0]!.id]
    await meta.control.injectFault({ route: 'facebook.businesses', ...fault })
    const response = await connectThrough('Facebook', cookie, { tick: { page_id: granted } })
    expect(response.headers.get('location')).toBe('/dashboard?success=facebook_connected&notice=business_pages_unlisted&connected=7')
    const { facebookPages } = await connectionsOf(cookie)
    expect(facebookPages.map((page) => page.pageId).sort()).toEqual(person.pages.map((page) => page.id).sort())

    const dashboard = await openDashboard(response.headers.get('location')!, cookie)
    expect(dashboard.flash).toEqual({
      tone: 'warning',
      message: 'Business Manager Pages could not be listed; your other 7 Pages are connected. Connect Facebook again later to add them.',
    })
  })

  it('keeps Business Pages connected before when their listing fails on a reconnect', async () => {
    const { cookie, userId } = await signUp('fb-biz-keep@example.com')
    const person = await personWithPages(1)
    const withBusiness = await meta.control.addBusiness(person.id, { name: 'Acme Ltd', ownedPages: 1 })
    const granted = [person.pages[0]!.id, withBusiness.businesses[0]!.ownedPages[0]!.id]
    await connectThrough('Facebook', cookie, { tick: { page_id: granted } })
    await meta.control.injectFault({ route: 'facebook.businesses', error: { code: 2, status: 500 } })
    await connectThrough('Facebook', cookie, { tick: { page_id: granted } })
    const accounts = await prisma.account.findMany({ where: { userId } })
    expect(accounts.map((account) => account.status)).toEqual(['ACTIVE', 'ACTIVE'])
  })

  it('says what failed when there are no own Pages and the Business listing fails', async () => {
    const { cookie, userId } = await signUp('fb-biz-only@example.com')
    const person = await personWithPages(0)
    const withBusiness = await meta.control.addBusiness(person.id, { name: 'Acme Ltd', ownedPages: 2 })
    await meta.control.injectFault({ route: 'facebook.businesses', error: { code: 2, status: 500 } })
    const granted = withBusiness.businesses[0]!.ownedPages.map((page) => page.id)
    const response = await connectThrough('Facebook', cookie, { tick: { page_id: granted } })
    expect(response.headers.get('location')).toBe('/dashboard?error=business_pages_only_unlisted')
    expect(await prisma.account.count({ where: { userId } })).toBe(0)
  })

  it('connects, unchecked, when debug_token does not answer; the health check confirms it later', async () => {
    const { cookie, userId } = await signUp('fb-debug-drop@example.com')
    const person = await personWithPages(2)
    await meta.control.injectFault({ route: 'facebook.debug_token', drop: true, times: 2 })
    const response = await connectThrough('Facebook', cookie, { tick: { page_id: person.pages.map((page) => page.id) } })
    expect(response.headers.get('location')).toBe('/dashboard?success=facebook_connected')
    const accounts = await prisma.account.findMany({ where: { userId } })
    expect(accounts.map((account) => [account.status, account.checkedAt])).toEqual([
      ['ACTIVE', null],
      ['ACTIVE', null],
    ])
  })
})
