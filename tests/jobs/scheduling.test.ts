import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { prisma } from '#app/.server/db.ts'
import { nextAttemptAt } from '#app/.server/publishing/retry-policy.ts'
import { graphql } from '#tests/graphql/helpers.ts'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { connectedUser, publish } from '#tests/publishing/helpers.ts'
import { useWorker } from '#tests/worker-harness.ts'
import { jobsOf, makeDue, waitUntil } from './helpers.ts'

const meta = useMetaSandbox()
useWorker()

beforeEach(async () => {
  await meta.control.configure({ processingMs: { IMAGE: 0 } })
})

afterEach(() => {
  vi.useRealTimers()
})

const MINUTE = 60_000

/** The worker's clock reaches `at`; pg-boss's (the database's) is moved by makeDue. */
function clockAt(at: Date) {
  vi.useFakeTimers({ toFake: ['Date'], now: at.getTime() + 1000, shouldAdvanceTime: true })
}

async function targetOf(postId: string) {
  return prisma.publishTarget.findFirstOrThrow({ where: { postId } })
}

describe('scheduled posts', () => {
  it('publishes at the scheduled time and not before', async () => {
    const user = await connectedUser(meta)
    const at = new Date(Date.now() + 5 * MINUTE)
    const result = await publish(user.cookie, { platforms: ['THREADS'], content: { text: 'Later' }, scheduledAt: at.toISOString() })
    expect(result.post).toMatchObject({ status: 'SCHEDULED', targets: [{ status: 'QUEUED' }] })
    const target = await targetOf(result.post!.id)
    const [job] = await jobsOf(target.id)
    expect(job).toMatchObject({ state: 'created' })
    expect(Math.abs(job!.start_after.getTime() - at.getTime())).toBeLessThan(1000)
    expect(await meta.control.posts()).toHaveLength(0)

    clockAt(at)
    await makeDue(target.id)
    const done = await waitUntil(
      () => targetOf(result.post!.id),
      (t) => t.status === 'published',
    )
    expect(done.status).toBe('published')
    expect(await meta.control.posts()).toHaveLength(1)
  })

  it('never publishes a cancelled post', async () => {
    const user = await connectedUser(meta)
    const at = new Date(Date.now() + 5 * MINUTE)
    const result = await publish(user.cookie, { platforms: ['THREADS'], content: { text: 'Never' }, scheduledAt: at.toISOString() })
    const cancelled = await graphql<{ cancelPost: { status: string } }>(
      'mutation ($id: ID!) { cancelPost(postId: $id) { ... on Post { status } } }',
      {
        cookie: user.cookie,
        variables: { id: result.post!.id },
      },
    )
    expect(cancelled.body.data!.cancelPost.status).toBe('CANCELLED')
    const target = await targetOf(result.post!.id)
    expect((await jobsOf(target.id))[0]!.state).toBe('cancelled')
    // The signal: a post scheduled for the same moment, queued after it. Once the worker has
    // published that one, it has been past the cancelled post's time and its job.
    const alongside = await publish(user.cookie, {
      platforms: ['THREADS'],
      content: { text: 'Due alongside' },
      scheduledAt: at.toISOString(),
    })
    const alongsideTarget = await targetOf(alongside.post!.id)
    clockAt(at)
    await makeDue(target.id)
    await makeDue(alongsideTarget.id)
    const published = await waitUntil(
      () => targetOf(alongside.post!.id),
      (t) => t.status === 'published',
    )
    expect(published.status).toBe('published')
    expect(await meta.control.calls({ route: 'threads.containers.create' })).toHaveLength(1)
    expect((await jobsOf(target.id))[0]!.state).toBe('cancelled')
    expect((await targetOf(result.post!.id)).status).toBe('queued')
  })

  it('moves a post to a new time, withdrawing the job for the old one', async () => {
    const user = await connectedUser(meta)
    const first = new Date(Date.now() + 5 * MINUTE)
    const later = new Date(Date.now() + 30 * MINUTE)
    const result = await publish(user.cookie, { platforms: ['THREADS'], content: { text: 'Moved' }, scheduledAt: first.toISOString() })
    const moved = await graphql<{ reschedulePost: { scheduledAt: string; status: string } }>(
      'mutation ($id: ID!, $at: DateTime!) { reschedulePost(postId: $id, scheduledAt: $at) { ... on Post { scheduledAt status } } }',
      { cookie: user.cookie, variables: { id: result.post!.id, at: later.toISOString() } },
    )
    expect(moved.body.data!.reschedulePost).toEqual({ scheduledAt: later.toISOString(), status: 'SCHEDULED' })
    const target = await targetOf(result.post!.id)
    const [newest, old] = await jobsOf(target.id)
    expect(old!.state).toBe('cancelled')
    expect(newest!.state).toBe('created')
    expect(Math.abs(newest!.start_after.getTime() - later.getTime())).toBeLessThan(1000)

    clockAt(later)
    await makeDue(target.id)
    await waitUntil(
      () => targetOf(result.post!.id),
      (t) => t.status === 'published',
    )
    expect(await meta.control.posts()).toHaveLength(1)
  })

  it('refuses to cancel or move a post that has started, and a time in the past', async () => {
    const user = await connectedUser(meta)
    const now = await publish(user.cookie, { platforms: ['THREADS'], content: { text: 'Now' } })
    const cancel = await graphql<{ cancelPost: { __typename: string } }>('mutation ($id: ID!) { cancelPost(postId: $id) { __typename } }', {
      cookie: user.cookie,
      variables: { id: now.post!.id },
    })
    expect(cancel.body.data!.cancelPost.__typename).toBe('PostAlreadyStartedError')
    const past = await publish(user.cookie, {
      platforms: ['THREADS'],
      content: { text: 'Past' },
      scheduledAt: new Date(Date.now() - MINUTE).toISOString(),
    })
    expect(past.issues).toEqual([{ field: 'scheduledAt', message: expect.stringMatching(/at least a minute from now/) }])
  })
})

describe('automatic retries', () => {
  it('waits at least as long as Meta asked after a rate limit, then publishes', async () => {
    const user = await connectedUser(meta, { threads: false, pages: 1 })
    await meta.control.injectFault({ route: 'facebook.feed.create', error: { code: 80001, regainAccessMinutes: 7 } })
    const result = await publish(user.cookie, { platforms: ['FACEBOOK'], content: { text: 'Throttled' }, facebookPageIds: user.pageIds })
    const target = await targetOf(result.post!.id)
    expect(target).toMatchObject({ status: 'queued', attempts: 1, errorKind: 'rate_limited' })
    expect(target.retryAfter!.getTime()).toBeGreaterThanOrEqual(Date.now() + 6.9 * MINUTE)
    const [job] = await jobsOf(target.id)
    expect(job).toMatchObject({ state: 'created' })
    expect(Math.abs(job!.start_after.getTime() - target.retryAfter!.getTime())).toBeLessThan(1000)

    await makeDue(target.id)
    const done = await waitUntil(
      () => targetOf(result.post!.id),
      (t) => t.status === 'published',
    )
    expect(done).toMatchObject({ status: 'published', attempts: 2, errorKind: null })
    expect(await meta.control.posts()).toHaveLength(1)
  })

  it('backs off exponentially with jitter, never before Meta’s time, up to a cap', () => {
    const now = 1_000_000
    const at = (attempts: number, random: number, retryAfter: Date | null = null) =>
      nextAttemptAt(attempts, retryAfter, now, () => random).getTime() - now
    expect(at(1, 0)).toBe(15_000)
    expect(at(1, 1)).toBe(30_000)
    expect(at(3, 1)).toBe(120_000)
    expect(at(20, 1)).toBe(30 * MINUTE)
    expect(at(1, 0.5, new Date(now + 10 * MINUTE))).toBe(10 * MINUTE)
  })
})
