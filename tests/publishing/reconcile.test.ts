import { describe, expect, it } from 'vitest'
import { facebookPageAccess } from '#app/.server/accounts/publishing-access.ts'
import { prisma } from '#app/.server/db.ts'
import { MAX_AUTOMATIC_ATTEMPTS } from '#app/.server/publishing/retry-policy.ts'
import { recordPost } from '#app/.server/publishing/publish-post.ts'
import { runTarget } from '#app/.server/publishing/run-target.ts'
import { DEFAULT_TIMINGS } from '#app/.server/publishing/timings.ts'
import { connectThrough } from '#tests/connections/helpers.ts'
import { graphql } from '#tests/graphql/helpers.ts'
import { jobsOf, makeRetryDue, waitUntil } from '#tests/jobs/helpers.ts'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { useWorker } from '#tests/worker-harness.ts'
import { useFailOnce } from './fail-once.ts'
import { connectedUser, publish } from './helpers.ts'

// Issue 14: the cases around a send whose outcome is unknown, besides the lost-answer matrix.

const meta = useMetaSandbox()
useWorker()

const EMPTY_FEED = { reply: { status: 200, body: '{"data":[]}', contentType: 'application/json' } }
const targetRow = (id: string) => prisma.publishTarget.findUniqueOrThrow({ where: { id } })

/** A Facebook target whose send's outcome is unknown, queued again to be run (as a retry leaves it). */
async function facebookTargetLeftUnknown(text: string) {
  const user = await connectedUser(meta, { threads: false, pages: 1 })
  const { post } = await recordPost(user.userId, { platforms: ['facebook'], content: { text }, facebookPageIds: user.pageIds })
  const target = post.targets[0]!
  const at = new Date()
  await prisma.publishTarget.update({
    where: { id: target.id },
    data: { status: 'queued', stepStartedAt: at, reconcileFrom: at },
  })
  return { user, target }
}

describe('a database write that fails after Meta accepted the post', () => {
  const failOnce = useFailOnce('fail_publish_once', '"PublishTarget"', 'UPDATE')

  it('never returns the target to a state that sends without looking: the retry adopts the post', async () => {
    await failOnce(`NEW.status = 'published' AND OLD.status <> 'published'`)
    const user = await connectedUser(meta, { threads: false, pages: 1 })
    const result = await publish(user.cookie, {
      platforms: ['FACEBOOK'],
      content: { text: 'Accepted, not recorded' },
      facebookPageIds: user.pageIds,
    })
    const target = result.post!.targets[0]!
    expect(target).toMatchObject({ status: 'QUEUED', error: { retryable: true } })
    expect(target.error!.message).not.toMatch(/Nothing was posted/)
    expect(target.error!.message).toMatch(/never posted twice/)
    await makeRetryDue(target.id)
    const done = await waitUntil(
      () => targetRow(target.id),
      (row) => row.status === 'published',
    )
    const posts = await meta.control.posts()
    expect(posts).toHaveLength(1)
    expect(done).toMatchObject({ providerPostId: posts[0]!.id, permalink: posts[0]!.permalink })
    expect(await meta.control.calls({ route: 'facebook.feed.create' })).toHaveLength(1)
  })
})

describe('an unknown outcome is re-checked after a delay', () => {
  it('finds a post that shows up on the Page late instead of posting again', async () => {
    const { target } = await facebookTargetLeftUnknown('Shows up late')
    await (await facebookPageAccess(target.accountId!)).postToFeed({ message: 'Shows up late' })
    // The first search sees the Page before Meta shows the post.
    await meta.control.injectFault({ route: 'facebook.feed.list', ...EMPTY_FEED })
    const resumed = await runTarget(target.id, { ...DEFAULT_TIMINGS, recheckAfterMs: 1_500 })
    expect(resumed).toMatchObject({ status: 'published' })
    expect(await meta.control.calls({ route: 'facebook.feed.list' })).toHaveLength(2)
    expect(await meta.control.posts()).toHaveLength(1)
  })

  it('keeps an unreadable Page unconfirmed and sends nothing', async () => {
    const { target } = await facebookTargetLeftUnknown('Page unreadable')
    await meta.control.injectFault({ route: 'facebook.feed.list', error: { code: 2 } })
    const resumed = await runTarget(target.id)
    expect(resumed).toMatchObject({ status: 'unconfirmed', retryable: true })
    expect(await meta.control.calls({ route: 'facebook.feed.create' })).toHaveLength(0)
  })
})

describe('a 506 duplicate after an unknown outcome', () => {
  it('means the earlier send landed: the post is adopted, not reported as a duplicate', async () => {
    const { target } = await facebookTargetLeftUnknown('Landed earlier')
    await (await facebookPageAccess(target.accountId!)).postToFeed({ message: 'Landed earlier' })
    // The Page does not show it yet when searched before the send; Meta's duplicate check does.
    await meta.control.injectFault({ route: 'facebook.feed.list', ...EMPTY_FEED })
    const resumed = await runTarget(target.id, { ...DEFAULT_TIMINGS, recheckAfterMs: 0 })
    expect(resumed).toMatchObject({ status: 'published', errorKind: null })
    const [, resent] = await meta.control.calls({ route: 'facebook.feed.create' })
    expect(resent?.error?.code).toBe(506)
    expect(await meta.control.posts()).toHaveLength(1)
  })

  it('is still a duplicate to edit when it repeats an older post of the Page', async () => {
    const user = await connectedUser(meta, { threads: false, pages: 1 })
    await publish(user.cookie, { platforms: ['FACEBOOK'], content: { text: 'Said twice' }, facebookPageIds: user.pageIds })
    const again = await publish(user.cookie, { platforms: ['FACEBOOK'], content: { text: 'Said twice' }, facebookPageIds: user.pageIds })
    expect(again.post!.targets[0]).toMatchObject({ status: 'FAILED', error: { action: 'EDIT', metaCode: 506 } })
  })
})

describe('Threads runs after the container exists', () => {
  it('count as attempts, back off, and stop at the limit with words that no longer promise a retry', async () => {
    const user = await connectedUser(meta)
    await meta.control.injectFault({ route: 'threads.publish', times: 50, error: { code: 4 } })
    const first = await publish(user.cookie, { platforms: ['THREADS'], content: { text: 'Throttled' } })
    const targetId = first.post!.targets[0]!.id
    // Waiting for its retry: the row queued after `attempts` runs, and its next job waiting.
    const waiting = async () => ({ row: await targetRow(targetId), jobs: await jobsOf(targetId) })
    for (let attempts = 1; attempts < MAX_AUTOMATIC_ATTEMPTS; attempts++) {
      const { row } = await waitUntil(
        waiting,
        ({ row, jobs }) => row.attempts === attempts && row.status === 'queued' && jobs[0]?.state === 'created',
      )
      expect(row.retryAfter!.getTime()).toBeGreaterThan(Date.now())
      await makeRetryDue(targetId)
    }
    const last = await waitUntil(
      () => targetRow(targetId),
      (r) => r.status === 'failed' && r.attempts === MAX_AUTOMATIC_ATTEMPTS,
    )
    expect(last.attempts).toBe(MAX_AUTOMATIC_ATTEMPTS)
    expect(last.errorMessage).toMatch(new RegExp(`tried ${MAX_AUTOMATIC_ATTEMPTS} times and has stopped`))
    expect(last.errorMessage).not.toMatch(/will wait and try again|could not find out/)
    expect(await meta.control.calls({ route: 'threads.containers.create' })).toHaveLength(1)
  }, 120_000)
})

const RETRYABLE = `query ($id: ID!) { post(id: $id) { targets { status error { retryable action } } } }`

describe('a target that failed because of its connection', () => {
  it('becomes retryable once the connection is ACTIVE again, and the retry publishes', async () => {
    const user = await connectedUser(meta, { threads: false, pages: 1 })
    await meta.control.injectFault({ route: 'facebook.feed.create', error: { code: 190, error_subcode: 460 } })
    const failed = await publish(user.cookie, {
      platforms: ['FACEBOOK'],
      content: { text: 'After reconnecting' },
      facebookPageIds: user.pageIds,
    })
    expect(failed.post!.targets[0]).toMatchObject({ status: 'FAILED', error: { action: 'RECONNECT', retryable: false } })

    await connectThrough('Facebook', user.cookie, { tick: { page_id: user.pageIds } })
    const after = await graphql<{ post: { targets: { error: { retryable: boolean } }[] } }>(RETRYABLE, {
      cookie: user.cookie,
      variables: { id: failed.post!.id },
    })
    expect(after.body.data!.post.targets[0]!.error.retryable).toBe(true)
    const retried = await graphql<{ retryPublishTargets: { success: boolean } }>(
      'mutation ($id: ID!) { retryPublishTargets(postId: $id) { ... on PublishPostResult { success } } }',
      { cookie: user.cookie, variables: { id: failed.post!.id } },
    )
    expect(retried.body.data!.retryPublishTargets.success).toBe(true)
    expect(await meta.control.posts()).toHaveLength(1)
  })

  it('interrupted mid-send with its account needing a reconnect ends UNCONFIRMED, not FAILED', async () => {
    const user = await connectedUser(meta, { threads: false, pages: 1 })
    const { post } = await recordPost(user.userId, {
      platforms: ['facebook'],
      content: { text: 'Interrupted' },
      facebookPageIds: user.pageIds,
    })
    const target = post.targets[0]!
    const at = new Date()
    await prisma.publishTarget.update({ where: { id: target.id }, data: { status: 'publishing', stepStartedAt: at, reconcileFrom: at } })
    await prisma.account.update({
      where: { id: target.accountId! },
      data: { status: 'NEEDS_RECONNECT', lastError: 'Facebook logged Duopost out.' },
    })
    const resumed = await runTarget(target.id)
    expect(resumed).toMatchObject({ status: 'unconfirmed', errorAction: 'reconnect' })
    expect(resumed!.errorMessage).toMatch(/could not find out whether Facebook published it/)
  })
})
