import { describe, expect, it } from 'vitest'
import { signUp } from '#tests/auth/helpers.ts'
import { openCallback } from '#tests/connections/helpers.ts'
import { graphql } from '#tests/graphql/helpers.ts'
import { answerConsent, useMetaSandbox } from '#tests/meta-sandbox.ts'
import { bearer, createToken } from './helpers.ts'

const meta = useMetaSandbox()

const START =
  'mutation { connectThreads(input: { returnTo: "/settings/api-tokens" }) { __typename ... on ConnectionStart { authorizationUrl } } }'

async function programStartsConnecting(email: string) {
  const person = await signUp(email)
  await meta.control.createPerson({ name: email, threads: true, signIn: true })
  const { secret } = await createToken(person.cookie, { name: 'scheduler', scopes: ['CONNECTIONS', 'READ'] })
  const started = await graphql<{ connectThreads: { authorizationUrl: string } }>(START, { headers: bearer(secret) })
  return { person, secret, authorizationUrl: started.body.data!.connectThreads.authorizationUrl }
}

describe('connecting an account from a program', () => {
  it('hands the program a link that the person finishes in their own signed-in browser', async () => {
    const { person, secret, authorizationUrl } = await programStartsConnecting('connect-by-token@example.com')
    expect(new URL(authorizationUrl).origin).toBe(meta.url)

    const callback = await answerConsent(authorizationUrl)
    const finished = await openCallback(callback, person.cookie)
    expect(finished.headers.get('location')).toBe('/settings/api-tokens?success=threads_connected')

    const connections = await graphql<{ connections: { threads: { username: string } | null } }>(
      '{ connections { threads { username } } }',
      { headers: bearer(secret) },
    )
    expect(connections.body.data?.connections.threads?.username).toBeTruthy()
  })

  it("connects nothing when the link is finished in someone else's browser session", async () => {
    const { secret, authorizationUrl } = await programStartsConnecting('connect-by-token-2@example.com')
    const stranger = await signUp('stranger@example.com')
    const finished = await openCallback(await answerConsent(authorizationUrl), stranger.cookie)
    expect(finished.headers.get('location')).toBe('/dashboard?error=state_other_user')
    const connections = await graphql<{ connections: { threads: unknown } }>('{ connections { threads { username } } }', {
      headers: bearer(secret),
    })
    expect(connections.body.data?.connections.threads).toBeNull()
  })
})
