import { describe, expect, it } from 'vitest'
import { reloadEnv } from '#app/.server/env.ts'
import { loader } from '#app/root.tsx'
import { signUp } from '#tests/auth/helpers.ts'
import { getRequest, loaderArgs } from '#tests/utils.ts'

describe('root loader', () => {
  it('tells every page whether Duopost runs against the Meta sandbox, who is signed in, and whether to ask them to confirm their address', async () => {
    const { cookie } = await signUp('root@example.com')
    process.env.META_SANDBOX_URL = 'http://127.0.0.1:4010'
    reloadEnv()
    expect(await loader(loaderArgs(getRequest('/', cookie)))).toEqual({
      email: 'root@example.com',
      sandboxUrl: 'http://127.0.0.1:4010',
      // Without SMTP_URL outside production, mail goes to the local outbox: the banner and the Mailbox link show.
      unverified: true,
      mailbox: true,
    })
    delete process.env.META_SANDBOX_URL
    reloadEnv()
    expect(await loader(loaderArgs(getRequest('/')))).toEqual({ email: null, sandboxUrl: null, unverified: false, mailbox: true })
  })
})
