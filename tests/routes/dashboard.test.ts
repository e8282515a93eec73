import { describe, expect, it } from 'vitest'
import { loader } from '#app/routes/dashboard.tsx'
import { signUp } from '#tests/auth/helpers.ts'
import { getRequest, loaderArgs, settle } from '#tests/utils.ts'

describe('/dashboard loader', () => {
  it('runs the Dashboard operation in process through graphql-request and yoga with the visitor cookie', async () => {
    const { cookie } = await signUp('dash@example.com')
    const data = await loader(loaderArgs(getRequest('/dashboard', cookie)))
    expect(data.viewer.email).toBe('dash@example.com')
    expect(typeof data.viewer.createdAt).toBe('string')
  })

  it('sends a signed-out visitor to /login, remembering where they were going', async () => {
    const response = await settle(loader(loaderArgs(getRequest('/dashboard?x=1'))))
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe(`/login?${new URLSearchParams({ redirectTo: '/dashboard?x=1' })}`)
  })
})
