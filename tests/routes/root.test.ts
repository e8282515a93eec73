import { describe, expect, it } from 'vitest'
import { reloadEnv } from '#app/.server/env.ts'
import { loader } from '#app/root.tsx'
import { signUp } from '#tests/auth/helpers.ts'
import { getRequest, loaderArgs } from '#tests/utils.ts'

describe('root loader', () => {
  it('tells every page whether Duopost runs against the Meta sandbox, and who is signed in', async () => {
    const { cookie } = await signUp('root@example.com')
    process.env.META_SANDBOX_URL = 'http://127.0.0.1:4010'
    reloadEnv()
    expect(await loader(loaderArgs(getRequest('/', cookie)))).toEqual({ email: 'root@example.com', sandboxUrl: 'http://127.0.0.1:4010' })
    delete process.env.META_SANDBOX_URL
    reloadEnv()
    expect(await loader(loaderArgs(getRequest('/')))).toEqual({ email: null, sandboxUrl: null })
  })
})
