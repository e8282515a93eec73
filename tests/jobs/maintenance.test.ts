import { describe, expect, it } from 'vitest'
import { threadsAccess } from '#app/.server/accounts/publishing-access.ts'
import { prisma } from '#app/.server/db.ts'
import { refreshExpiringTokens } from '#app/.server/accounts/token-health.ts'
import { sweepStuckTargets } from '#app/.server/publishing/sweep.ts'
import { recordPost } from '#app/.server/publishing/publish-post.ts'
import { readToken } from '#app/.server/accounts/account-store.ts'
import { graphql } from '#tests/graphql/helpers.ts'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { connectedUser } from '#tests/publishing/helpers.ts'
import { useWorker } from '#tests/worker-harness.ts'
import { waitUntil } from './helpers.ts'

const meta = useMetaSandbox()
useWorker()

const DAY_S = 24 * 60 * 60

async function setThreadsToken(userId: string, expiresInDays: number, issuedDaysAgo: number) {
  const now = Math.floor(Date.now() / 1000)
  const account = await prisma.account.findFirstOrThrow({ where: { userId, platform: 'threads' } })
  return prisma.account.update({
    where: { id: account.id },
    data: { tokenExpiresAt: new Date((now + expiresInDays * DAY_S) * 1000), tokenIssuedAt: new Date((now - issuedDaysAgo * DAY_S) * 1000) },
  })
}

async function threadsTokenOf(accountId: string): Promise<string> {
  return readToken(await prisma.account.findUniqueOrThrow({ where: { id: accountId } }), 'accessToken')!
}

describe('proactive token health', () => {
  it('renews exactly the Threads tokens expiring within a week that Meta lets us renew, and checks stale Page tokens', async () => {
    const dueSoon = await connectedUser(meta)
    const farOff = await connectedUser(meta)
    const tooYoung = await connectedUser(meta)
    const pages = await connectedUser(meta, { threads: false, pages: 2 })
    // Meta's clock: the tokens are 55 days old, so Meta allows refreshing them.
    await meta.control.advanceClock({ days: 55 })
    const due = await setThreadsToken(dueSoon.userId, 3, 57)
    await setThreadsToken(farOff.userId, 30, 30)
    await setThreadsToken(tooYoung.userId, 3, 0.5)
    const [kept, lost] = await prisma.account.findMany({ where: { userId: pages.userId }, orderBy: { displayName: 'asc' } })
    await prisma.account.updateMany({ where: { userId: pages.userId }, data: { checkedAt: new Date(Date.now() - 2 * DAY_S * 1000) } })
    await meta.control.invalidate({ reason: 'page_role_lost', personId: pages.person.id, pageId: lost!.platformAccountId })
    await meta.control.clearCalls()

    const report = await refreshExpiringTokens()
    expect(report).toMatchObject({ refreshed: 1, needReconnect: 0, pagesChecked: 2, pagesRejected: 1, errors: 0 })
    expect(await meta.control.calls({ route: 'threads.refresh_access_token' })).toHaveLength(1)
    const renewed = await prisma.account.findUniqueOrThrow({ where: { id: due.id } })
    expect(renewed.tokenExpiresAt!.getTime() - Date.now()).toBeGreaterThan(59 * DAY_S * 1000)
    expect(await meta.control.calls({ route: 'facebook.debug_token' })).toHaveLength(2)
    expect((await prisma.account.findUniqueOrThrow({ where: { id: kept!.id } })).status).toBe('ACTIVE')
    expect((await prisma.account.findUniqueOrThrow({ where: { id: lost!.id } })).status).toBe('NEEDS_RECONNECT')
  })

  it('marks a token Meta refuses to renew, so the dashboard warns before a post fails', async () => {
    const user = await connectedUser(meta)
    await meta.control.advanceClock({ days: 55 })
    const account = await setThreadsToken(user.userId, 2, 57)
    await meta.control.injectFault({ route: 'threads.refresh_access_token', error: { code: 190, error_subcode: 463 } })
    const report = await refreshExpiringTokens()
    expect(report.needReconnect).toBe(1)
    expect((await prisma.account.findUniqueOrThrow({ where: { id: account.id } })).status).toBe('NEEDS_RECONNECT')
  })
})

describe('token health as Meta sees it (debug_token)', () => {
  const debugReply = (data: Record<string, unknown>) => ({
    route: 'threads.debug_token' as const,
    reply: { status: 200, contentType: 'application/json', body: JSON.stringify({ data }) },
  })

  async function uncheckedThreads() {
    const user = await connectedUser(meta)
    const account = await prisma.account.findFirstOrThrow({ where: { userId: user.userId, platform: 'threads' } })
    return prisma.account.update({ where: { id: account.id }, data: { checkedAt: new Date(Date.now() - 2 * DAY_S * 1000) } })
  }

  it('confirms a Threads token not checked for a day and stores the expiry Meta reports', async () => {
    const account = await uncheckedThreads()
    const metaExpiry = Math.floor(Date.now() / 1000) + 40 * DAY_S
    await meta.control.clearCalls()
    await meta.control.injectFault(debugReply({ is_valid: true, type: 'USER', expires_at: metaExpiry, scopes: ['threads_basic'] }))
    const report = await refreshExpiringTokens()
    expect(report).toMatchObject({ threadsChecked: 1, threadsRejected: 0 })
    const checked = await prisma.account.findUniqueOrThrow({ where: { id: account.id } })
    expect(checked).toMatchObject({ status: 'ACTIVE', tokenExpiresAt: new Date(metaExpiry * 1000) })
    expect(checked.checkedAt!.getTime()).toBeGreaterThan(account.checkedAt!.getTime())
  })

  it('marks a Threads token Meta reports as not valid, before a post fails', async () => {
    const account = await uncheckedThreads()
    await meta.control.invalidate({ reason: 'invalid', token: await threadsTokenOf(account.id) })
    const report = await refreshExpiringTokens()
    expect(report).toMatchObject({ threadsChecked: 1, threadsRejected: 1 })
    const marked = await prisma.account.findUniqueOrThrow({ where: { id: account.id } })
    expect(marked.status).toBe('NEEDS_RECONNECT')
    expect(marked.lastError).toMatch(/no longer valid/)
  })

  it('leaves the account as it was when debug_token does not answer, and asks again next time', async () => {
    const account = await uncheckedThreads()
    await meta.control.injectFault({ route: 'threads.debug_token', drop: true })
    expect(await refreshExpiringTokens()).toMatchObject({ threadsChecked: 0, threadsRejected: 0, errors: 0 })
    expect(await prisma.account.findUniqueOrThrow({ where: { id: account.id } })).toMatchObject({
      status: 'ACTIVE',
      tokenExpiresAt: account.tokenExpiresAt,
      checkedAt: account.checkedAt,
    })
    expect(await refreshExpiringTokens()).toMatchObject({ threadsChecked: 1 })
  })

  it('confirms a renewed token: Meta saying it is not valid marks the account', async () => {
    const user = await connectedUser(meta)
    await meta.control.advanceClock({ days: 55 })
    const account = await setThreadsToken(user.userId, 3, 57)
    await meta.control.injectFault(debugReply({ is_valid: false, scopes: [] }))
    expect(await refreshExpiringTokens()).toMatchObject({ needReconnect: 1 })
    expect((await prisma.account.findUniqueOrThrow({ where: { id: account.id } })).status).toBe('NEEDS_RECONNECT')
  })

  it('keeps a renewal whose debug_token check failed, with the computed expiry', async () => {
    const user = await connectedUser(meta)
    await meta.control.advanceClock({ days: 55 })
    const account = await setThreadsToken(user.userId, 3, 57)
    await meta.control.injectFault({ route: 'threads.debug_token', error: { code: 2, status: 500 } })
    expect(await refreshExpiringTokens()).toMatchObject({ refreshed: 1, needReconnect: 0 })
    const renewed = await prisma.account.findUniqueOrThrow({ where: { id: account.id } })
    expect(renewed.status).toBe('ACTIVE')
    const days = (renewed.tokenExpiresAt!.getTime() - Date.now()) / (DAY_S * 1000)
    expect(days).toBeGreaterThan(59)
    expect(days).toBeLessThanOrEqual(60)
  })

  it('asks the person to act only once a renewal failed, and stops asking when one works', async () => {
    const user = await connectedUser(meta)
    await meta.control.advanceClock({ days: 55 })
    await setThreadsToken(user.userId, 3, 57)
    const warnings = async () =>
      (
        await graphql<{ connections: { warnings: { status: string; message: string }[] } }>(
          '{ connections { warnings { status message } } }',
          {
            cookie: user.cookie,
          },
        )
      ).body.data!.connections.warnings
    expect(await warnings()).toEqual([])

    await meta.control.injectFault({ route: 'threads.refresh_access_token', error: { code: 2, status: 500 } })
    await refreshExpiringTokens()
    expect(await warnings()).toEqual([
      { status: 'EXPIRING_SOON', message: expect.stringMatching(/could not renew.*connect Threads again before/) },
    ])

    await refreshExpiringTokens()
    expect(await warnings()).toEqual([])
  })
})

describe('the sweeper', () => {
  it('resumes a target a dead worker left waiting for its media, publishing it once', async () => {
    const user = await connectedUser(meta)
    const { post } = await recordPost(user.userId, { platforms: ['threads'], content: { text: 'Orphaned' } })
    const target = post.targets[0]!
    const { data: container } = await (await threadsAccess(target.accountId!)).createContainer({ mediaType: 'TEXT', text: 'Orphaned' })
    await prisma.$executeRawUnsafe(
      `UPDATE "PublishTarget" SET status = 'waiting_for_media', "containerId" = $1, "updatedAt" = now() - interval '10 minutes' WHERE id = $2`,
      container.id,
      target.id,
    )
    expect(await sweepStuckTargets()).toBe(1)
    const done = await waitUntil(
      () => prisma.publishTarget.findUniqueOrThrow({ where: { id: target.id } }),
      (t) => t.status === 'published',
    )
    expect(done).toMatchObject({ status: 'published', containerId: container.id })
    expect(await meta.control.calls({ route: 'threads.containers.create' })).toHaveLength(1)
    expect(await meta.control.posts()).toHaveLength(1)
    // A fresh target that is merely queued is left alone.
    expect(await sweepStuckTargets()).toBe(0)
  })
})
