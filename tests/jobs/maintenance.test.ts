import { describe, expect, it } from 'vitest'
import { threadsAccess } from '#app/.server/accounts/publishing-access.ts'
import { prisma } from '#app/.server/db.ts'
import { refreshExpiringTokens } from '#app/.server/accounts/token-health.ts'
import { sweepStuckTargets } from '#app/.server/publishing/sweep.ts'
import { recordPost } from '#app/.server/publishing/publish-post.ts'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { connectedUser } from '#tests/publishing/helpers.ts'
import { useWorker } from '#tests/worker-harness.ts'
import { waitUntil } from './helpers.ts'

const meta = useMetaSandbox()
useWorker()

const DAY_S = 24 * 60 * 60

async function setThreadsToken(userId: string, expiresInDays: number, issuedDaysAgo: number) {
  const now = Math.floor(Date.now() / 1000)
  const account = await prisma.account.findFirstOrThrow({ where: { userId, provider: 'threads' } })
  return prisma.account.update({
    where: { id: account.id },
    data: { expires_at: now + expiresInDays * DAY_S, tokenIssuedAt: new Date((now - issuedDaysAgo * DAY_S) * 1000) },
  })
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
    const [kept, lost] = await prisma.account.findMany({ where: { userId: pages.userId }, orderBy: { pageName: 'asc' } })
    await prisma.account.updateMany({ where: { userId: pages.userId }, data: { checkedAt: new Date(Date.now() - 2 * DAY_S * 1000) } })
    await meta.control.invalidate({ reason: 'page_role_lost', personId: pages.person.id, pageId: lost!.providerAccountId })
    await meta.control.clearCalls()

    const report = await refreshExpiringTokens()
    expect(report).toMatchObject({ refreshed: 1, needReconnect: 0, pagesChecked: 2, pagesRejected: 1, errors: 0 })
    expect(await meta.control.calls({ route: 'threads.refresh_access_token' })).toHaveLength(1)
    const renewed = await prisma.account.findUniqueOrThrow({ where: { id: due.id } })
    expect(renewed.expires_at! - Math.floor(Date.now() / 1000)).toBeGreaterThan(59 * DAY_S)
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
