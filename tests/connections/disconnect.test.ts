import { describe, expect, it } from 'vitest'
import { prisma } from '#app/.server/db.ts'
import { signUp } from '#tests/auth/helpers.ts'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { connectionsOf, connectThrough, disconnect } from './helpers.ts'

const meta = useMetaSandbox()

async function connectedPages(email: string, pages = 3) {
  const user = await signUp(email)
  const person = await meta.control.createPerson({ name: 'Cy', threads: true, pages, signIn: true })
  await connectThrough('Facebook', user.cookie, { tick: { page_id: person.pages.map((page) => page.id) } })
  return { ...user, person }
}

describe('disconnect', () => {
  it('removes one Page and keeps the Facebook permission for the others', async () => {
    const { cookie, userId } = await connectedPages('dc-one@example.com')
    const [first] = (await connectionsOf(cookie)).facebookPages
    const result = await disconnect(cookie, { provider: 'FACEBOOK', accountId: first!.id })
    expect(result).toMatchObject({ __typename: 'DisconnectResult', removedAccountIds: [first!.id], revocation: 'KEPT_FOR_OTHER_PAGES' })
    expect(await prisma.account.count({ where: { userId } })).toBe(2)
    expect(await meta.control.calls({ route: 'facebook.permissions.delete' })).toHaveLength(0)
  })

  it('removes every Page when no id is given and revokes the permission at Facebook', async () => {
    const { cookie, userId } = await connectedPages('dc-all@example.com')
    const result = await disconnect(cookie, { provider: 'FACEBOOK' })
    expect(result.removedAccountIds).toHaveLength(3)
    expect(result.revocation).toBe('REVOKED')
    expect(await prisma.account.count({ where: { userId } })).toBe(0)
    const revokes = await meta.control.calls({ route: 'facebook.permissions.delete' })
    expect(revokes).toHaveLength(1)
    expect(revokes[0]!.status).toBe(200)
  })

  it('still removes the Pages locally when Facebook cannot be told, and says so', async () => {
    const { cookie, userId } = await connectedPages('dc-revoke-fails@example.com', 1)
    await meta.control.injectFault({ route: 'facebook.permissions.delete', error: { code: 2 } })
    const result = await disconnect(cookie, { provider: 'FACEBOOK' })
    expect(result.revocation).toBe('FAILED')
    expect(result.revocationMessage).toMatch(/Facebook could not be told/)
    expect(await prisma.account.count({ where: { userId } })).toBe(0)
  })

  it('removes the Threads account and explains how to revoke it in Threads', async () => {
    const user = await signUp('dc-threads@example.com')
    await meta.control.createPerson({ name: 'Di', threads: true, signIn: true })
    await connectThrough('Threads', user.cookie)
    const { threads } = await connectionsOf(user.cookie)
    const result = await disconnect(user.cookie, { provider: 'THREADS', accountId: threads!.id })
    expect(result).toMatchObject({ removedAccountIds: [threads!.id], revocation: 'NOT_SUPPORTED' })
    expect(result.revocationMessage).toMatch(/Threads/)
    expect((await connectionsOf(user.cookie)).threads).toBeNull()
    expect(await prisma.account.count({ where: { userId: user.userId } })).toBe(0)
  })

  it('answers NotFoundError for an id that does not exist', async () => {
    const { cookie } = await connectedPages('dc-missing@example.com', 1)
    const result = await disconnect(cookie, { provider: 'FACEBOOK', accountId: '00000000-0000-4000-8000-000000000000' })
    expect(result).toMatchObject({ __typename: 'NotFoundError', message: expect.stringMatching(/No connection with that id/) })
  })
})
