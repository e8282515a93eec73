import { describe, expect, it } from 'vitest'
import { markNeedsReconnect } from '#app/.server/accounts/account-health.ts'
import { prisma } from '#app/.server/db.ts'
import { sweepStuckTargets, STUCK_AFTER_MS } from '#app/.server/publishing/sweep.ts'
import { connectionsOf, connectThrough } from '#tests/connections/helpers.ts'
import { graphql } from '#tests/graphql/helpers.ts'
import { waitUntil } from '#tests/jobs/helpers.ts'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { useWorker } from '#tests/worker-harness.ts'
import { useFailOnce } from './fail-once.ts'
import { connectedUser, publish, PUBLISH, type PublishResultData } from './helpers.ts'

// Issue 14, case 3 and the low items: connection flags derived from the status, partial results for
// a post naming an unusable target (all-or-nothing on request), and refusals as field errors.

const meta = useMetaSandbox()
useWorker()

async function withBrokenPage() {
  const user = await connectedUser(meta, { pages: 2 })
  const [broken] = await prisma.account.findMany({ where: { userId: user.userId, providerAccountId: user.pageIds[0] } })
  await markNeedsReconnect(broken!.id, 'Facebook logged Duopost out of this Page. Connect Facebook again.')
  return user
}

describe('a connection that needs reconnecting', () => {
  it('reports canPublish false with the reason, derived from its status', async () => {
    const user = await withBrokenPage()
    const { facebookPages } = await connectionsOf(user.cookie)
    expect(facebookPages.find((page) => page.pageId === user.pageIds[0])).toMatchObject({
      status: 'NEEDS_RECONNECT',
      canPublish: false,
      publishBlockedReason: 'Facebook logged Duopost out of this Page. Connect Facebook again.',
    })
    expect(facebookPages.find((page) => page.pageId === user.pageIds[1])).toMatchObject({ canPublish: true, publishBlockedReason: null })
  })

  it('does not stop the post: the others publish, and it is returned FAILED with the action RECONNECT', async () => {
    const user = await withBrokenPage()
    const result = await publish(user.cookie, {
      platforms: ['THREADS', 'FACEBOOK'],
      content: { text: 'Partial' },
      facebookPageIds: user.pageIds,
    })
    expect(result.__typename).toBe('PublishPostResult')
    expect(result).toMatchObject({ success: false, partial: true })
    const byPage = Object.fromEntries(result.results!.map((r) => [r.pageName ?? r.platform, r]))
    expect(result.results!.filter((r) => r.success)).toHaveLength(2)
    const failed = result.results!.find((r) => !r.success)!
    expect(failed).toMatchObject({ status: 'FAILED', action: 'RECONNECT', error: expect.stringMatching(/Connect Facebook again/) })
    expect(Object.keys(byPage)).toHaveLength(3)
    expect(await meta.control.posts()).toHaveLength(2)
  })

  it('refuses the whole request when the client asks for all or nothing', async () => {
    const user = await withBrokenPage()
    const result = await publish(user.cookie, {
      platforms: ['FACEBOOK'],
      content: { text: 'All or nothing' },
      facebookPageIds: user.pageIds,
      allOrNothing: true,
    })
    expect(result).toMatchObject({ __typename: 'InvalidInputError', issues: [{ field: 'facebookPageIds' }] })
    expect(await meta.control.posts()).toHaveLength(0)
  })
})

describe('a Page post Meta refuses for permissions (#200)', () => {
  it('names the missing permission and asks for a reconnect', async () => {
    const user = await connectedUser(meta, { threads: false, pages: 1 })
    // The person takes pages_manage_posts back; the grant's permissions apply to every token.
    await meta.control.issueToken({
      appId: meta.facebookApp.id,
      personId: user.person.id,
      scopes: ['public_profile', 'pages_show_list', 'pages_read_engagement'],
      pageIds: user.pageIds,
    })
    const result = await publish(user.cookie, {
      platforms: ['FACEBOOK'],
      content: { text: 'No permission' },
      facebookPageIds: user.pageIds,
    })
    expect(result.post!.targets[0]).toMatchObject({
      status: 'FAILED',
      error: { action: 'RECONNECT', message: expect.stringMatching(/missing the Facebook permission pages_manage_posts/) },
    })
  })

  it('tells a person whose Page role lacks the task to ask an admin, without marking the connection', async () => {
    const user = await connectedUser(meta, { threads: false })
    const person = await meta.control.addPages(user.person.id, [{ name: 'Analyst Page', tasks: ['ANALYZE'] }])
    const pageId = person.pages[0]!.id
    await connectThrough('Facebook', user.cookie, { tick: { page_id: [pageId] } })
    // Duopost saw the role allow posting when it connected; it changed at Meta since.
    await prisma.account.updateMany({
      where: { userId: user.userId, providerAccountId: pageId },
      data: { canPublish: true, publishBlockedReason: null },
    })
    const result = await publish(user.cookie, { platforms: ['FACEBOOK'], content: { text: 'No task' }, facebookPageIds: [pageId] })
    expect(result.post!.targets[0]).toMatchObject({
      status: 'FAILED',
      error: { action: 'FIX_ACCOUNT', message: expect.stringMatching(/Ask a Page admin/) },
    })
    const page = await prisma.account.findFirstOrThrow({ where: { userId: user.userId, providerAccountId: pageId } })
    expect(page.status).toBe('ACTIVE')
  })
})

describe('a Threads connection close to its expiry', () => {
  it('is EXPIRING_SOON without asking for a reconnect: Duopost renews it by itself', async () => {
    const user = await connectedUser(meta)
    await prisma.account.updateMany({
      where: { userId: user.userId, provider: 'threads' },
      data: { expires_at: Math.floor(Date.now() / 1000) + 3 * 24 * 60 * 60 },
    })
    const result = await graphql<{ connections: { threads: { status: string; canPublish: boolean }; warnings: unknown[] } }>(
      '{ connections { threads { status canPublish } warnings { message } } }',
      { cookie: user.cookie },
    )
    expect(result.body.data!.connections).toEqual({ threads: { status: 'EXPIRING_SOON', canPublish: true }, warnings: [] })
  })
})

describe('refused input is a field error, never an internal one', () => {
  it.each([
    ['a NUL in the text', { text: 'a\u0000b' }, 'content.text', /NUL/],
    ['a NUL in the link', { text: 'x', link: 'https://example.com/\u0000' }, 'content.link', /NUL/],
    ['a lone surrogate in the text', { text: 'broken \ud800 text' }, 'content.text', /broken character/],
  ])('%s', async (_label, content, field, message) => {
    const user = await connectedUser(meta)
    const result = await publish(user.cookie, { platforms: ['THREADS'], content })
    expect(result.__typename).toBe('InvalidInputError')
    expect(result.issues).toContainEqual({ field, message: expect.stringMatching(message) })
  })

  it('a NUL in the idempotency key', async () => {
    const user = await connectedUser(meta)
    const result = await publish(user.cookie, { platforms: ['THREADS'], content: { text: 'x' }, idempotencyKey: 'key\u0000' })
    expect(result.issues).toContainEqual({ field: 'idempotencyKey', message: expect.stringMatching(/NUL/) })
  })

  it('a scheduledAt without an offset', async () => {
    const user = await connectedUser(meta)
    const at = new Date(Date.now() + 10 * 60_000).toISOString().replace('Z', '')
    const response = await graphql<{ publishPost: PublishResultData }>(PUBLISH, {
      cookie: user.cookie,
      variables: { input: { platforms: ['THREADS'], content: { text: 'x' }, scheduledAt: at } },
    })
    expect(JSON.stringify(response.body.errors)).toMatch(/time zone: end it with Z/)
    expect(await prisma.post.count({ where: { userId: user.userId } })).toBe(0)
  })
})

describe('a post already recorded', () => {
  const failOnce = useFailOnce('fail_job_insert_once', 'pgboss.job', 'INSERT')

  it('is always the answer, even when queueing its jobs fails; the sweeper queues them', async () => {
    const user = await connectedUser(meta)
    await failOnce(`NEW.name = 'publish-target'`)
    const result = await publish(user.cookie, { platforms: ['THREADS'], content: { text: 'Recorded first' } })
    expect(result).toMatchObject({ __typename: 'PublishPostResult', post: { status: 'PUBLISHING' } })
    const targetId = result.post!.targets[0]!.id
    expect(await sweepStuckTargets(Date.now() + STUCK_AFTER_MS + 1_000)).toBe(1)
    await waitUntil(
      () => prisma.publishTarget.findUniqueOrThrow({ where: { id: targetId } }),
      (row) => row.status === 'published',
    )
    expect(await meta.control.posts()).toHaveLength(1)
  })
})
