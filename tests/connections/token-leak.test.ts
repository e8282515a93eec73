import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { prisma } from '#app/.server/db.ts'
import { loader as dashboardLoader } from '#app/routes/dashboard.tsx'
import { signUp } from '#tests/auth/helpers.ts'
import { graphql } from '#tests/graphql/helpers.ts'
import { answerConsent, SANDBOX_SECRET_PATTERN, useMetaSandbox } from '#tests/meta-sandbox.ts'
import { getRequest, loaderArgs } from '#tests/utils.ts'
import { CONNECTIONS_QUERY, disconnect, openCallback, startConnect } from './helpers.ts'

const meta = useMetaSandbox()
const emitted: string[] = []

beforeEach(() => {
  emitted.length = 0
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream)
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      emitted.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest)
    })
  }
})

afterEach(() => {
  vi.restoreAllMocks()
})

async function record(response: Response): Promise<Response> {
  emitted.push(JSON.stringify([...response.headers]), await response.clone().text())
  return response
}

describe('Meta tokens never leave the server', () => {
  it('appear in no response, redirect, log line or database column during connect, errors and disconnect', async () => {
    const { cookie } = await signUp('leak@example.com')
    const person = await meta.control.createPerson({ name: 'Eve', threads: true, pages: 3, signIn: true })

    const threads = await startConnect('Threads', cookie)
    emitted.push(threads.authorizationUrl!)
    const threadsCallback = await answerConsent(threads.authorizationUrl!)
    await record(await openCallback(threadsCallback, cookie))
    await record(await openCallback(threadsCallback, cookie))

    const facebook = await startConnect('Facebook', cookie)
    await record(
      await openCallback(await answerConsent(facebook.authorizationUrl!, { tick: { page_id: person.pages.map((p) => p.id) } }), cookie),
    )

    await meta.control.injectFault({ route: 'facebook.accounts', error: { code: 190, error_subcode: 463 } })
    const failing = await startConnect('Facebook', cookie)
    await record(await openCallback(await answerConsent(failing.authorizationUrl!, { tick: { page_id: [person.pages[0]!.id] } }), cookie))
    await meta.control.injectFault({ route: 'threads.access_token', drop: true })
    const dropped = await startConnect('Threads', cookie)
    await record(await openCallback(await answerConsent(dropped.authorizationUrl!), cookie))

    const connections = await graphql(CONNECTIONS_QUERY, { cookie })
    emitted.push(JSON.stringify(connections.body))
    emitted.push(JSON.stringify(await dashboardLoader(loaderArgs(getRequest('/dashboard', cookie)))))
    emitted.push(JSON.stringify(await disconnect(cookie, { provider: 'FACEBOOK' })))

    for (const table of ['Account', 'OAuthState', 'Session']) {
      const [dump] = await prisma.$queryRawUnsafe<{ json: string | null }[]>(`SELECT json_agg(t)::text AS json FROM "${table}" t`)
      emitted.push(dump?.json ?? '')
    }

    // Sanity: the flows really ran, so the scan had something to look at.
    expect(emitted.join('\n')).toContain('success=threads_connected')
    expect(emitted.join('\n')).toContain('success=facebook_connected')
    const leaks = emitted.filter((text) => SANDBOX_SECRET_PATTERN.test(text))
    expect(leaks).toEqual([])
  })
})
