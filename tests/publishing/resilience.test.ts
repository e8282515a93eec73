import { beforeEach, describe, expect, it } from 'vitest'
import { facebookPageAccess, threadsAccess } from '#app/.server/accounts/publishing-access.ts'
import { prisma } from '#app/.server/db.ts'
import { recordPost } from '#app/.server/publishing/publish-post.ts'
import { runTarget } from '#app/.server/publishing/run-target.ts'
import { graphql } from '#tests/graphql/helpers.ts'
import { waitUntil } from '#tests/jobs/helpers.ts'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { useWorker } from '#tests/worker-harness.ts'
import { connectedUser, publish } from './helpers.ts'

const meta = useMetaSandbox()
useWorker()
const DAY_S = 24 * 60 * 60

beforeEach(async () => {
  await meta.control.configure({ processingMs: { IMAGE: 0 } })
})

async function threadsAccountOf(userId: string) {
  return prisma.account.findFirstOrThrow({ where: { userId, platform: 'threads' } })
}

describe('idempotency', () => {
  it('answers a repeated key with the same post and publishes nothing new', async () => {
    const user = await connectedUser(meta, { pages: 1 })
    const input = {
      platforms: ['THREADS', 'FACEBOOK'] as const,
      content: { text: 'Once only' },
      facebookPageIds: user.pageIds,
      idempotencyKey: 'key-1',
    }
    const first = await publish(user.cookie, { ...input, platforms: [...input.platforms] })
    const second = await publish(user.cookie, { ...input, platforms: [...input.platforms] })
    expect(second.post!.id).toBe(first.post!.id)
    expect(second.success).toBe(true)
    expect(await meta.control.posts()).toHaveLength(2)
  })

  it('publishes once when the same key arrives twice at the same moment', async () => {
    const user = await connectedUser(meta, { pages: 2 })
    const input = {
      platforms: ['THREADS' as const, 'FACEBOOK' as const],
      content: { text: 'Racing' },
      facebookPageIds: user.pageIds,
      idempotencyKey: 'race',
    }
    const [a, b] = await Promise.all([publish(user.cookie, input), publish(user.cookie, input)])
    expect(a.post!.id).toBe(b.post!.id)
    expect(await prisma.post.count({ where: { userId: user.userId } })).toBe(1)
    expect(await meta.control.posts()).toHaveLength(3)
  })

  it('refuses a known key with different content', async () => {
    const user = await connectedUser(meta)
    await publish(user.cookie, { platforms: ['THREADS'], content: { text: 'First' }, idempotencyKey: 'reused' })
    const conflict = await publish(user.cookie, { platforms: ['THREADS'], content: { text: 'Second' }, idempotencyKey: 'reused' })
    expect(conflict).toMatchObject({ __typename: 'IdempotencyConflictError', message: expect.stringMatching(/already used/) })
    expect(await meta.control.posts()).toHaveLength(1)
  })
})

describe('token refresh before publishing', () => {
  async function nearExpiry(userId: string) {
    const account = await threadsAccountOf(userId)
    const now = Math.floor(Date.now() / 1000)
    await prisma.account.update({
      where: { id: account.id },
      data: { tokenExpiresAt: new Date((now + DAY_S / 2) * 1000), tokenIssuedAt: new Date((now - 59 * DAY_S) * 1000) },
    })
    // Meta's side of the same story: the token is 59 days old.
    await meta.control.advanceClock({ days: 59 })
    return account
  }

  it('refreshes a token near expiry exactly once under 10 concurrent publishes', async () => {
    const user = await connectedUser(meta)
    const before = await nearExpiry(user.userId)
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => publish(user.cookie, { platforms: ['THREADS'], content: { text: `Concurrent ${i}` } })),
    )
    expect(results.every((result) => result.success)).toBe(true)
    expect(await meta.control.calls({ route: 'threads.refresh_access_token' })).toHaveLength(1)
    const after = await threadsAccountOf(user.userId)
    expect(after.accessToken).not.toBe(before.accessToken)
    expect(after.tokenExpiresAt!.getTime() - Date.now()).toBeGreaterThan(59 * DAY_S * 1000)
  })

  it('fails only that account’s targets with "reconnect" when Meta refuses the refresh', async () => {
    const user = await connectedUser(meta, { pages: 1 })
    await nearExpiry(user.userId)
    await meta.control.injectFault({ route: 'threads.refresh_access_token', error: { code: 190, error_subcode: 460 } })
    const result = await publish(user.cookie, {
      platforms: ['THREADS', 'FACEBOOK'],
      content: { text: 'Refresh fails' },
      facebookPageIds: user.pageIds,
    })
    const threads = result.post!.targets.find((t) => t.platform === 'THREADS')!
    expect(threads).toMatchObject({ status: 'FAILED', error: { kind: 'RECONNECT', action: 'RECONNECT', retryable: false } })
    expect(result.post!.targets.find((t) => t.platform === 'FACEBOOK')!.status).toBe('PUBLISHED')
    const { connections } = (
      await graphql<{ connections: { threads: { status: string; lastError: string } } }>(
        '{ connections { threads { status lastError } } }',
        { cookie: user.cookie },
      )
    ).body.data!
    expect(connections.threads.status).toBe('NEEDS_RECONNECT')
    expect(connections.threads.lastError).toMatch(/renew/)
  })

  it('asks for a reconnect, without calling Meta, when the token already expired', async () => {
    const user = await connectedUser(meta)
    const account = await threadsAccountOf(user.userId)
    await prisma.account.update({ where: { id: account.id }, data: { tokenExpiresAt: new Date(Date.now() - 60_000) } })
    await meta.control.clearCalls()
    const result = await publish(user.cookie, { platforms: ['THREADS'], content: { text: 'Too late' } })
    expect(result.issues).toEqual([{ field: 'platforms', message: 'Threads: Duopost’s access has expired. Connect the account again.' }])
    expect(await meta.control.calls()).toHaveLength(0)
  })
})

describe('Threads publishing edge cases', () => {
  it('fails with a clear quota error once 250 posts were published in 24 hours, publishing nothing', async () => {
    const user = await connectedUser(meta)
    const { accessToken } = await meta.control.issueToken({
      appId: meta.threadsApp.id,
      personId: user.person.id,
      scopes: ['threads_basic', 'threads_content_publish'],
    })
    for (let i = 0; i < 250; i++) {
      const body = new URLSearchParams({ media_type: 'TEXT', text: `Filler ${i}`, auto_publish_text: 'true', access_token: accessToken })
      const response = await fetch(`${meta.url}/v1.0/me/threads`, { method: 'POST', body })
      expect(response.status).toBe(200)
    }
    await meta.control.clearCalls()
    const result = await publish(user.cookie, { platforms: ['THREADS'], content: { text: 'One too many' } })
    expect(result.post!.targets[0]).toMatchObject({ status: 'QUEUED', error: { kind: 'RATE_LIMITED', action: 'WAIT', retryable: true } })
    const { error } = result.post!.targets[0]!
    // Meta's own numbers, and what Duopost does next: it checks again an hour later, not in seconds.
    expect(error!.message).toMatch(
      /published 250 of the 250 posts it allows in 24 hours, so nothing was posted\. Duopost will check again in 1 hour/,
    )
    expect(Date.parse(error!.retryAfter!) - Date.now()).toBeGreaterThan(50 * 60_000)
    // The quota is asked for alongside the container (Threads enforces it at publish time), so a
    // container may exist; it is never published, and expires.
    expect(await meta.control.calls({ route: 'threads.publish' })).toHaveLength(0)
    expect(await meta.control.posts({ platform: 'threads' })).toHaveLength(250)
  })

  it('reports a container that ends in ERROR in words, as something to edit', async () => {
    const user = await connectedUser(meta)
    await meta.control.addMediaRule({ match: 'too-wide.png', fetch: 'ok', errorMessage: 'INVALID_ASPEC_RATIO' })
    const result = await publish(user.cookie, {
      platforms: ['THREADS'],
      content: { text: 'Wide', imageUrl: `${meta.url}/__sandbox/media/too-wide.png` },
    })
    expect(result.post!.targets[0]).toMatchObject({
      status: 'FAILED',
      error: { kind: 'PERMANENT', action: 'EDIT', message: expect.stringMatching(/aspect ratio/) },
    })
    expect(await meta.control.posts()).toHaveLength(0)
  })

  it('waits for a slow container and publishes once it is FINISHED', async () => {
    const user = await connectedUser(meta)
    await meta.control.configure({ processingMs: { IMAGE: 4_000 } })
    const result = await publish(user.cookie, {
      platforms: ['THREADS'],
      content: { text: 'Slow', imageUrl: meta.control.sampleMediaUrl('sample.png') },
    })
    expect(result.success).toBe(true)
    const checks = await meta.control.calls({ route: 'threads.object.get', method: 'GET' })
    expect(checks.filter((call) => call.query.fields?.includes('status')).length).toBeGreaterThanOrEqual(2)
  })

  it('retries a publish Meta answers with "not ready" (24/4279009)', async () => {
    const user = await connectedUser(meta)
    await meta.control.injectFault({ route: 'threads.publish', error: { code: 24, error_subcode: 4279009 } })
    const result = await publish(user.cookie, { platforms: ['THREADS'], content: { text: 'Patience' } })
    expect(result.success).toBe(true)
    expect(await meta.control.calls({ route: 'threads.publish' })).toHaveLength(2)
    expect(await meta.control.posts()).toHaveLength(1)
  })
})

describe('resuming after a crash never posts twice', () => {
  it('Threads: stopped after the container was created → resumes with that container', async () => {
    const user = await connectedUser(meta)
    const { post } = await recordPost(user.userId, { platforms: ['threads'], content: { text: 'Crash after create' } })
    const target = post.targets[0]!
    const access = await threadsAccess(target.accountId!)
    const { data } = await access.createContainer({ mediaType: 'TEXT', text: 'Crash after create' })
    await prisma.publishTarget.update({ where: { id: target.id }, data: { status: 'waiting_for_media', containerId: data.id } })

    const resumed = await runTarget(target.id)
    expect(resumed).toMatchObject({ status: 'published', containerId: data.id })
    expect(await meta.control.calls({ route: 'threads.containers.create' })).toHaveLength(1)
    expect(await meta.control.posts()).toHaveLength(1)
  })

  it('Threads: stopped after publish was sent → records the published container, publishes nothing', async () => {
    const user = await connectedUser(meta)
    const { post } = await recordPost(user.userId, { platforms: ['threads'], content: { text: 'Crash after publish' } })
    const target = post.targets[0]!
    const access = await threadsAccess(target.accountId!)
    const { data: container } = await access.createContainer({ mediaType: 'TEXT', text: 'Crash after publish' })
    await prisma.publishTarget.update({
      where: { id: target.id },
      data: { status: 'publishing', containerId: container.id, stepStartedAt: new Date() },
    })
    const { data: media } = await access.publishContainer(container.id)

    const resumed = await runTarget(target.id)
    expect(resumed).toMatchObject({ status: 'published', platformPostId: media.id })
    expect(resumed!.permalink).toMatch(/^http/)
    expect(await meta.control.calls({ route: 'threads.publish' })).toHaveLength(1)
    expect(await meta.control.posts()).toHaveLength(1)
  })

  it('Facebook: stopped after the post was sent → finds it in the Page feed instead of posting again', async () => {
    const user = await connectedUser(meta, { threads: false, pages: 1 })
    const { post } = await recordPost(user.userId, {
      platforms: ['facebook'],
      content: { text: 'Crash after Facebook' },
      facebookPageIds: user.pageIds,
    })
    const target = post.targets[0]!
    const sentAt = new Date()
    await prisma.publishTarget.update({
      where: { id: target.id },
      data: { status: 'publishing', stepStartedAt: sentAt, reconcileFrom: sentAt },
    })
    const { data: sent } = await (await facebookPageAccess(target.accountId!)).postToFeed({ message: 'Crash after Facebook' })

    const resumed = await runTarget(target.id)
    expect(resumed).toMatchObject({ status: 'published', platformPostId: sent.id })
    expect(await meta.control.calls({ route: 'facebook.feed.create' })).toHaveLength(1)
    expect(await meta.control.posts()).toHaveLength(1)
  })

  it('Facebook: an answer lost with no post on the Page waits for a re-check, and a retry then posts once', async () => {
    const user = await connectedUser(meta, { threads: false, pages: 1 })
    await meta.control.injectFault({ route: 'facebook.feed.create', drop: true })
    const result = await publish(user.cookie, { platforms: ['FACEBOOK'], content: { text: 'Lost answer' }, facebookPageIds: user.pageIds })
    expect(result.post!.status).toBe('PUBLISHING')
    expect(result.post!.targets[0]).toMatchObject({
      status: 'QUEUED',
      error: { message: expect.stringMatching(/not on the Page yet.*never posted twice/), retryable: true },
    })
    expect(await meta.control.posts()).toHaveLength(0)

    const retried = await graphql<{ retryPublishTargets: { success: boolean } }>(
      'mutation ($id: ID!) { retryPublishTargets(postId: $id) { ... on PublishPostResult { success } } }',
      { cookie: user.cookie, variables: { id: result.post!.id } },
    )
    expect(retried.body.data!.retryPublishTargets.success).toBe(true)
    expect(await meta.control.posts()).toHaveLength(1)
  })
})

describe('retryPublishTargets and history', () => {
  it('retries now only targets waiting for a retry, and never touches published ones', async () => {
    const user = await connectedUser(meta, { pages: 2 })
    await meta.control.injectFault({ route: 'facebook.feed.create', path: `/*/${user.pageIds[0]}/feed`, error: { code: 2 } })
    const first = await publish(user.cookie, {
      platforms: ['THREADS', 'FACEBOOK'],
      content: { text: 'Retry me' },
      facebookPageIds: user.pageIds,
    })
    expect(first.post!.status).toBe('PUBLISHING')
    expect(first.post!.targets.filter((t) => t.status === 'QUEUED')).toEqual([
      expect.objectContaining({ pageId: user.pageIds[0], error: expect.objectContaining({ kind: 'TRANSIENT' }) }),
    ])
    // publishPost may answer before every target settled (on a loaded machine); the calls counted
    // below must be the retry's alone.
    await waitUntil(
      () => prisma.publishTarget.findMany({ where: { postId: first.post!.id, status: { not: 'queued' } } }),
      (settled) => settled.length === 2 && settled.every((target) => target.status === 'published'),
    )
    await meta.control.clearCalls()
    const retried = await graphql<{ retryPublishTargets: { success: boolean; partial: boolean } }>(
      'mutation ($id: ID!) { retryPublishTargets(postId: $id) { ... on PublishPostResult { success partial } } }',
      { cookie: user.cookie, variables: { id: first.post!.id } },
    )
    expect(retried.body.data!.retryPublishTargets).toEqual({ success: true, partial: false })
    // Only this post's Threads target counts: an earlier test's target may be retrying on its own.
    const threads = await prisma.publishTarget.findFirstOrThrow({ where: { postId: first.post!.id, platform: 'threads' } })
    const threadsCalls = await meta.control.calls({ pathContains: '/v1.0/' })
    expect(threadsCalls.filter((call) => call.body.text === 'Retry me' || call.body.creation_id === threads.containerId)).toEqual([])
    expect(await meta.control.calls({ route: 'facebook.feed.create' })).toHaveLength(1)
    expect(await meta.control.posts()).toHaveLength(3)

    const again = await graphql<{ retryPublishTargets: { __typename: string; issues?: { field: string }[] } }>(
      'mutation ($id: ID!) { retryPublishTargets(postId: $id) { __typename ... on InvalidInputError { issues { field } } } }',
      { cookie: user.cookie, variables: { id: first.post!.id } },
    )
    expect(again.body.data!.retryPublishTargets).toEqual({ __typename: 'InvalidInputError', issues: [{ field: 'targetIds' }] })
  })

  it('lists the viewer’s posts newest first, page by page', async () => {
    const user = await connectedUser(meta)
    for (const text of ['one', 'two', 'three']) await publish(user.cookie, { platforms: ['THREADS'], content: { text } })
    type Page = {
      posts: {
        edges: { cursor: string; node: { text: string; status: string; targets: { status: string }[] } }[]
        pageInfo: { hasNextPage: boolean; endCursor: string }
      }
    }
    const query =
      'query ($after: String) { posts(first: 2, after: $after) { edges { cursor node { text status targets { status } } } pageInfo { hasNextPage endCursor } } }'
    const first = (await graphql<Page>(query, { cookie: user.cookie })).body.data!.posts
    expect(first.edges.map((edge) => edge.node.text)).toEqual(['three', 'two'])
    expect(first.edges[0]!.node).toMatchObject({ status: 'PUBLISHED', targets: [{ status: 'PUBLISHED' }] })
    expect(first.pageInfo.hasNextPage).toBe(true)
    const second = (await graphql<Page>(query, { cookie: user.cookie, variables: { after: first.pageInfo.endCursor } })).body.data!.posts
    expect(second.edges.map((edge) => edge.node.text)).toEqual(['one'])
    expect(second.pageInfo.hasNextPage).toBe(false)
  })
})
