import { afterEach, describe, expect, it } from 'vitest'
import { markNeedsReconnect } from '#app/.server/accounts/account-health.ts'
import { prisma } from '#app/.server/db.ts'
import { sweepStuckTargets, STUCK_AFTER_MS } from '#app/.server/jobs/maintenance.ts'
import { connectionsOf } from '#tests/connections/helpers.ts'
import { graphql } from '#tests/graphql/helpers.ts'
import { waitUntil } from '#tests/jobs/helpers.ts'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { useWorker } from '#tests/worker-harness.ts'
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
  afterEach(async () => {
    await prisma.$executeRawUnsafe('DROP TRIGGER IF EXISTS fail_job_insert_once ON pgboss.job')
  })

  it('is always the answer, even when queueing its jobs fails; the sweeper queues them', async () => {
    await prisma.$executeRawUnsafe('CREATE SEQUENCE IF NOT EXISTS fail_job_insert_once_seq')
    await prisma.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION fail_job_insert_once() RETURNS trigger AS $$
      BEGIN
        IF NEW.name = 'publish-target' AND nextval('fail_job_insert_once_seq') = 1 THEN
          RAISE EXCEPTION 'simulated: the database restarted';
        END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`)
    const user = await connectedUser(meta)
    await prisma.$executeRawUnsafe(
      'CREATE TRIGGER fail_job_insert_once BEFORE INSERT ON pgboss.job FOR EACH ROW EXECUTE FUNCTION fail_job_insert_once()',
    )
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
