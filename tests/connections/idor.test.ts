import { describe, expect, it } from 'vitest'
import { prisma } from '#app/.server/db.ts'
import { signUp } from '#tests/auth/helpers.ts'
import { graphql } from '#tests/graphql/helpers.ts'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { connectionsOf, connectThrough, disconnect } from './helpers.ts'

const meta = useMetaSandbox()

describe('one user cannot reach another user’s connections', () => {
  it('hides, refuses and leaves intact every connection of another user', async () => {
    const alice = await signUp('idor-alice@example.com')
    const person = await meta.control.createPerson({ name: 'Alice', threads: true, pages: 2, signIn: true })
    await connectThrough('Threads', alice.cookie)
    await connectThrough('Facebook', alice.cookie, { tick: { page_id: person.pages.map((page) => page.id) } })
    const aliceConnections = await connectionsOf(alice.cookie)
    const aliceIds = [aliceConnections.threads!.id, ...aliceConnections.facebookPages.map((page) => page.id)]

    const mallory = await signUp('idor-mallory@example.com')
    expect(await connectionsOf(mallory.cookie)).toMatchObject({ threads: null, facebookPages: [], warnings: [] })

    const notFound = await disconnect(mallory.cookie, { provider: 'THREADS', accountId: aliceConnections.threads!.id })
    expect(notFound.__typename).toBe('NotFoundError')
    for (const page of aliceConnections.facebookPages) {
      expect((await disconnect(mallory.cookie, { provider: 'FACEBOOK', accountId: page.id })).__typename).toBe('NotFoundError')
    }
    // The provider-wide form only ever touches the caller's own rows.
    expect((await disconnect(mallory.cookie, { provider: 'FACEBOOK' })).removedAccountIds).toEqual([])
    expect((await disconnect(mallory.cookie, { provider: 'THREADS' })).removedAccountIds).toEqual([])

    expect(await prisma.account.count({ where: { id: { in: aliceIds } } })).toBe(3)
    expect(await meta.control.calls({ route: 'facebook.permissions.delete' })).toHaveLength(0)
  })

  it('refuses every connection field to a signed-out caller', async () => {
    for (const query of [
      '{ connections { facebookAvailable } }',
      'mutation { connectThreads { __typename } }',
      'mutation { disconnect(input: { provider: THREADS }) { __typename } }',
    ]) {
      const result = await graphql(query)
      expect(result.body.errors?.[0]?.message).toMatch(/Sign in/)
    }
  })
})
