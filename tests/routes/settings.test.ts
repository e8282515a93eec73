import { describe, expect, it } from 'vitest'
import { loader as dashboardLoader } from '#app/routes/dashboard.tsx'
import { action, loader } from '#app/routes/settings._index.tsx'
import { loader as layoutLoader } from '#app/routes/settings.tsx'
import { logIn, signUp } from '#tests/auth/helpers.ts'
import { actionArgs, cookieFrom, formRequest, getRequest, loaderArgs, settle } from '#tests/utils.ts'

describe('/settings', () => {
  it('shows the signed-in person’s email, read through the GraphQL API', async () => {
    const { cookie } = await signUp('settings@example.com')
    const data = await loader(loaderArgs(getRequest('/settings', cookie)))
    expect(data.viewer).toMatchObject({ email: 'settings@example.com', createdAt: expect.any(String) })
  })

  it('sends a signed-out visitor to /login, from the layout and the page alike', async () => {
    for (const load of [layoutLoader, loader]) {
      const response = await settle(load(loaderArgs(getRequest('/settings'))))
      expect(response.headers.get('location')).toBe(`/login?${new URLSearchParams({ redirectTo: '/settings' })}`)
    }
  })

  it('signs out of every session, this browser’s and the others’, and clears this browser’s cookie', async () => {
    const { cookie: here } = await signUp('everywhere@example.com')
    const there = cookieFrom(await settle(logIn('everywhere@example.com')))
    const response = await settle(action(actionArgs(formRequest('/settings', {}, { cookie: here }))))
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/login')
    expect(response.headers.get('set-cookie')).toMatch(/Max-Age=0/)
    for (const cookie of [here, there]) {
      const dashboard = await settle(dashboardLoader(loaderArgs(getRequest('/dashboard', cookie))))
      expect(dashboard.headers.get('location')).toMatch(/^\/login/)
    }
  })
})
