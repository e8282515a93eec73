import { describe, expect, it } from 'vitest'
import type { SandboxControl } from '../../sandbox/control-client.ts'
import { callMeta, FACEBOOK_REDIRECT, useSandbox, type GraphErrorBody } from './helpers.ts'

type Listed = { data: Record<string, unknown>[]; paging?: { next?: string; cursors: { after: string } } } & Partial<GraphErrorBody>

const BUSINESS_SCOPES = ['public_profile', 'pages_show_list', 'pages_manage_posts', 'pages_read_engagement', 'business_management']

/** A person with one Page of their own and a business owning two Pages and managing one for a client. */
async function businessWorld(control: SandboxControl) {
  const app = await control.registerApp({
    platform: 'facebook',
    id: '770000000000001',
    secret: 'biz-secret',
    redirectUris: [FACEBOOK_REDIRECT],
    requireAppSecretProof: false,
  })
  const person = await control.createPerson({
    name: 'Eva Rocha',
    pages: [{ name: 'Eva Personal' }],
    businesses: [
      { name: 'Rocha Foods', ownedPages: [{ name: 'Rocha Bakery' }, { name: 'Rocha Cafe', tasks: ['ANALYZE'] }], clientPages: 1 },
    ],
    signIn: true,
  })
  const [business] = person.businesses
  if (!business) throw new Error('no business')
  return { app, person, business }
}

describe('Business Manager Pages', () => {
  const sandbox = useSandbox()

  function get(path: string, query: Record<string, string | number>) {
    return callMeta<Listed>(sandbox.url, 'GET', `/v25.0/${path}`, { query })
  }

  it('creates businesses with owned and client Pages through the control API', async () => {
    const { person, business } = await businessWorld(sandbox.control)
    expect(person.pages.map((page) => page.name)).toEqual(['Eva Personal'])
    expect(business).toMatchObject({
      id: expect.stringMatching(/^\d+$/),
      name: 'Rocha Foods',
      ownedPages: [
        expect.objectContaining({ name: 'Rocha Bakery', tasks: expect.arrayContaining(['CREATE_CONTENT']) }),
        expect.objectContaining({ tasks: ['ANALYZE'] }),
      ],
      clientPages: [expect.objectContaining({ name: 'Rocha Foods Client Page 1' })],
    })
    const more = await sandbox.control.addBusiness(person.id, { ownedPages: 2 })
    expect(more.businesses.map((b) => [b.name, b.ownedPages.length, b.clientPages.length])).toEqual([
      ['Rocha Foods', 2, 1],
      ['Eva Rocha Business 2', 2, 0],
    ])
    await expect(sandbox.control.addBusiness('1', {})).rejects.toThrow(/No person/)
  })

  it('keeps business Pages off /me/accounts and lists them under /me/businesses with business_management', async () => {
    const { app, person, business } = await businessWorld(sandbox.control)
    const { accessToken } = await sandbox.control.issueToken({ appId: app.id, personId: person.id, scopes: BUSINESS_SCOPES })
    const accounts = await get('me/accounts', { access_token: accessToken })
    expect(accounts.body.data.map((page) => page.name)).toEqual(['Eva Personal'])
    const businesses = await get('me/businesses', { access_token: accessToken })
    expect(businesses.body.data).toEqual([{ id: business.id, name: 'Rocha Foods' }])
    const owned = await get(`${business.id}/owned_pages`, { fields: 'id,name,access_token,tasks,category', access_token: accessToken })
    expect(owned.body.data).toEqual([
      {
        id: business.ownedPages[0]?.id,
        name: 'Rocha Bakery',
        access_token: expect.stringMatching(/^EAASANDBOX/),
        tasks: expect.arrayContaining(['CREATE_CONTENT']),
        category: 'Product/service',
      },
      {
        id: business.ownedPages[1]?.id,
        name: 'Rocha Cafe',
        access_token: expect.stringMatching(/^EAASANDBOX/),
        tasks: ['ANALYZE'],
        category: 'Product/service',
      },
    ])
    const client = await get(`${business.id}/client_pages`, { access_token: accessToken })
    expect(client.body.data).toEqual([{ id: business.clientPages[0]?.id, name: 'Rocha Foods Client Page 1' }])
    expect((await sandbox.control.calls()).map((call) => call.route)).toEqual([
      'facebook.accounts',
      'facebook.businesses',
      'facebook.business_pages',
      'facebook.business_pages',
    ])
  })

  it('publishes with a business Page token taken from owned_pages', async () => {
    const { app, person, business } = await businessWorld(sandbox.control)
    const { accessToken } = await sandbox.control.issueToken({ appId: app.id, personId: person.id, scopes: BUSINESS_SCOPES })
    const owned = await get(`${business.id}/owned_pages`, { fields: 'access_token', access_token: accessToken })
    const bakeryToken = String(owned.body.data[0]?.access_token)
    const pageId = business.ownedPages[0]?.id ?? ''
    const created = await callMeta<{ id: string }>(sandbox.url, 'POST', `/v25.0/${pageId}/feed`, {
      form: { message: 'Fresh bread', access_token: bakeryToken },
    })
    expect(created.body.id).toMatch(new RegExp(`^${pageId}_`))
    const cafeToken = String(owned.body.data[1]?.access_token)
    const refused = await callMeta<GraphErrorBody>(sandbox.url, 'POST', `/v25.0/${business.ownedPages[1]?.id}/feed`, {
      form: { message: 'x', access_token: cafeToken },
    })
    expect(refused.body.error.code).toBe(200)
  })

  it('needs business_management, and a member of the business', async () => {
    const { app, person, business } = await businessWorld(sandbox.control)
    const { accessToken } = await sandbox.control.issueToken({ appId: app.id, personId: person.id })
    const denied = { code: 200, message: '(#200) Requires business_management permission to manage the object' }
    expect((await get('me/businesses', { access_token: accessToken })).body.error).toMatchObject(denied)
    expect((await get(`${business.id}/owned_pages`, { access_token: accessToken })).body.error).toMatchObject(denied)
    const stranger = await sandbox.control.createPerson({ name: 'Stranger' })
    const strangerToken = await sandbox.control.issueToken({ appId: app.id, personId: stranger.id, scopes: BUSINESS_SCOPES })
    expect((await get(`${business.id}/owned_pages`, { access_token: strangerToken.accessToken })).body.error).toMatchObject({
      code: 100,
      error_subcode: 33,
    })
    const pageToken = await sandbox.control.issueToken({
      appId: app.id,
      personId: person.id,
      pageId: person.pages[0]?.id ?? '',
      scopes: BUSINESS_SCOPES,
    })
    expect((await get('me/businesses', { access_token: pageToken.accessToken })).body.error).toMatchObject({ code: 100 })
  })

  it('gives Page tokens only for the business Pages the person picked', async () => {
    const { app, person, business } = await businessWorld(sandbox.control)
    const picked = business.ownedPages[0]?.id ?? ''
    const { accessToken } = await sandbox.control.issueToken({
      appId: app.id,
      personId: person.id,
      scopes: BUSINESS_SCOPES,
      pageIds: [picked],
    })
    const owned = await get(`${business.id}/owned_pages`, { fields: 'id,access_token', access_token: accessToken })
    expect(owned.body.data).toEqual([
      { id: picked, access_token: expect.stringMatching(/^EAASANDBOX/) },
      { id: business.ownedPages[1]?.id },
    ])
    const debug = await callMeta<{ data: { granular_scopes: unknown[] } }>(sandbox.url, 'GET', '/v25.0/debug_token', {
      query: { input_token: accessToken, access_token: `${app.id}|${app.secret}` },
    })
    expect(debug.body.data.granular_scopes).toContainEqual({ scope: 'business_management', target_ids: [business.id] })
  })

  it('pages through owned_pages like /me/accounts', async () => {
    const { app, person } = await businessWorld(sandbox.control)
    const big = await sandbox.control.addBusiness(person.id, { name: 'Big Co', ownedPages: 30 })
    const businessId = big.businesses[1]?.id ?? ''
    const { accessToken } = await sandbox.control.issueToken({ appId: app.id, personId: person.id, scopes: BUSINESS_SCOPES })
    const first = await get(`${businessId}/owned_pages`, { limit: 20, fields: 'id,access_token', access_token: accessToken })
    expect(first.body.data).toHaveLength(20)
    const second = await callMeta<Listed>(sandbox.url, 'GET', first.body.paging?.next ?? '')
    expect(second.body.data).toHaveLength(10)
    expect(second.body.paging?.next).toBeUndefined()
  })

  it('shows business Pages in the consent dialog, grouped under their business, as page_id checkboxes', async () => {
    const { app, person, business } = await businessWorld(sandbox.control)
    const query = { client_id: app.id, redirect_uri: FACEBOOK_REDIRECT, scope: 'pages_show_list,business_management', state: 's' }
    const dialog = await callMeta<string>(sandbox.url, 'GET', '/v25.0/dialog/oauth', { query })
    const group = /<fieldset class="business"><legend>Rocha Foods<\/legend>([\s\S]*?)<\/fieldset>/.exec(dialog.body)?.[1] ?? ''
    for (const page of [...business.ownedPages, ...business.clientPages]) {
      expect(group).toContain(`<input type="checkbox" name="page_id" value="${page.id}"> ${page.name}`)
    }
    expect(group).not.toContain('Eva Personal')
    expect(dialog.body).toContain(`<input type="checkbox" name="page_id" value="${person.pages[0]?.id}"> Eva Personal`)
    const form = new URLSearchParams({ ...query, person_id: person.id, decision: 'approve', scope_choice: 'business_management' })
    form.append('scope_choice', 'pages_show_list')
    form.append('page_id', business.clientPages[0]?.id ?? '')
    const approved = await callMeta(sandbox.url, 'POST', '/v25.0/dialog/oauth', { body: form })
    const code = new URL(approved.headers.get('location') ?? '').searchParams.get('code') ?? ''
    const token = await callMeta<{ access_token: string }>(sandbox.url, 'GET', '/v25.0/oauth/access_token', {
      query: { client_id: app.id, client_secret: app.secret, redirect_uri: FACEBOOK_REDIRECT, code },
    })
    const client = await get(`${business.id}/client_pages`, { fields: 'access_token', access_token: token.body.access_token })
    expect(client.body.data).toEqual([{ access_token: expect.stringMatching(/^EAASANDBOX/), id: business.clientPages[0]?.id }])
  })
})
