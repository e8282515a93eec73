import { describe, expect, it, vi } from 'vitest'
import { prisma } from '#app/.server/db.ts'
import { postUpdates } from '#app/.server/publishing/post-updates.ts'
import { openStreams, STREAM_LIMITS } from '#graphql/stream-limits.ts'
import { getYoga } from '#graphql/yoga.ts'
import { graphql } from '#tests/graphql/helpers.ts'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { connectedUser, PUBLISH } from '#tests/publishing/helpers.ts'
import { useWorker } from '#tests/worker-harness.ts'
import { APP } from '#tests/utils.ts'
import { bearer, createToken, payloads, subscribe } from './helpers.ts'

const meta = useMetaSandbox()
useWorker()

const FOLLOW = `subscription ($id: ID!) {
  postUpdated(id: $id) {
    __typename
    ... on Post { id status targets { platform accountName status postId } }
    ... on Error { message }
  }
}`

type Followed = {
  postUpdated: { __typename: string; id: string; status: string; targets: { platform: string; status: string; postId: string | null }[] }
}

async function firstPostOf(userId: string) {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const post = await prisma.post.findFirst({ where: { userId }, select: { id: true } })
    if (post) return post
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error('The post was never recorded')
}

describe('postUpdated', () => {
  it("streams each target's progress over server-sent events until the post settles", async () => {
    const user = await connectedUser(meta, { pages: 1 })
    const { secret } = await createToken(user.cookie, { name: 'live progress', scopes: ['READ', 'PUBLISH'] })
    // Slow steps at Meta, so that the targets are seen on their way.
    await meta.control.injectFault({ route: 'threads.publish', delayMs: 1200 })
    await meta.control.injectFault({ route: 'facebook.feed.create', delayMs: 600 })

    const publishing = graphql(PUBLISH, {
      headers: bearer(secret),
      variables: { input: { platforms: ['THREADS', 'FACEBOOK'], content: { text: 'Live' }, facebookPageIds: user.pageIds } },
    })
    const { id } = await firstPostOf(user.userId)
    const { status, events } = await subscribe(FOLLOW, { headers: bearer(secret), variables: { id } })
    expect((await publishing).body.errors).toBeUndefined()

    expect(status).toBe(200)
    expect(events.at(-1)?.event).toBe('complete')
    const updates = payloads<Followed>(events).map((payload) => payload.data!.postUpdated)
    expect(updates.length).toBeGreaterThanOrEqual(2)
    expect(updates[0]).toMatchObject({ __typename: 'Post', id, status: 'PUBLISHING' })
    expect(updates.at(-1)).toMatchObject({ status: 'PUBLISHED' })
    expect(updates.at(-1)!.targets.every((target) => target.status === 'PUBLISHED' && target.postId)).toBe(true)
    // Each event differs from the one before: only changes are sent.
    const states = updates.map((update) => JSON.stringify(update.targets))
    expect(new Set(states).size).toBe(states.length)
    // Both targets were seen before they were done.
    for (const platform of ['THREADS', 'FACEBOOK']) {
      expect(updates.some((update) => update.targets.some((t) => t.platform === platform && t.status !== 'PUBLISHED'))).toBe(true)
    }
  })

  it('sends a settled post once and completes', async () => {
    const user = await connectedUser(meta)
    const { secret } = await createToken(user.cookie, { name: 'settled', scopes: ['READ', 'PUBLISH'] })
    await graphql(PUBLISH, { headers: bearer(secret), variables: { input: { platforms: ['THREADS'], content: { text: 'Done already' } } } })
    const { id } = await firstPostOf(user.userId)
    const { events } = await subscribe(FOLLOW, { headers: bearer(secret), variables: { id } })
    expect(events.map((event) => event.event)).toEqual(['next', 'complete'])
    expect(payloads<Followed>(events)[0]?.data?.postUpdated.status).toBe('PUBLISHED')
  })

  it('stops reading the database as soon as the follower goes away', async () => {
    const user = await connectedUser(meta, { threads: false })
    const post = await prisma.post.create({
      data: {
        userId: user.userId,
        text: 'Waiting',
        requestHash: 'test',
        scheduledAt: new Date(Date.now() + 3_600_000),
        targets: { create: { platform: 'threads', platformAccountId: '1', accountName: 'someone' } },
      },
    })
    const abort = new AbortController()
    const updates = postUpdates(user.userId, post.id, { intervalMs: 60_000, signal: abort.signal })
    expect((await updates.next()).value?.id).toBe(post.id)
    const next = updates.next()
    abort.abort()
    const started = Date.now()
    expect(await next).toEqual({ done: true, value: undefined })
    expect(Date.now() - started).toBeLessThan(1000)
  })
})

/** A post scheduled an hour ahead: followers of it stay subscribed until they go away. */
async function waitingPost(userId: string) {
  return prisma.post.create({
    data: {
      userId,
      text: 'Waiting',
      requestHash: `waiting-${Math.random()}`,
      scheduledAt: new Date(Date.now() + 3_600_000),
      targets: { create: { platform: 'threads', platformAccountId: '1', accountName: 'someone' } },
    },
  })
}

/** Opens a subscription and reads its first event; the caller ends it with the abort controller. */
async function follow(secret: string, id: string) {
  const abort = new AbortController()
  const response = await getYoga().fetch(`${APP}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...bearer(secret) },
    body: JSON.stringify({ query: FOLLOW, variables: { id } }),
    signal: abort.signal,
  })
  // The first event, after any keep-alive comments (": ...").
  const reader = response.body!.getReader()
  let text = ''
  while (!/^data:/m.test(text)) {
    const { value, done } = await reader.read()
    if (done) break
    text += new TextDecoder().decode(value)
  }
  return { abort, first: text }
}

describe('postUpdated streams are bounded', () => {
  it("stops polling and frees its slot when the request's signal aborts, though nobody cancels the stream", async () => {
    const user = await connectedUser(meta, { threads: false })
    const post = await waitingPost(user.userId)
    const { secret, apiToken } = await createToken(user.cookie, { name: 'abort', scopes: ['READ'] })
    const stream = await follow(secret, post.id)
    expect(stream.first).toContain(post.id)
    expect(openStreams(`token:${apiToken.id}`)).toBe(1)
    stream.abort.abort()
    await vi.waitFor(() => expect(openStreams(`token:${apiToken.id}`)).toBe(0))
    expect(openStreams(`user:${user.userId}`)).toBe(0)
  })

  it('caps open streams per token and per user, and a closed one makes room', async () => {
    const user = await connectedUser(meta, { threads: false })
    const post = await waitingPost(user.userId)
    const first = await createToken(user.cookie, { name: 'first', scopes: ['READ'] })
    const streams = []
    for (let i = 0; i < STREAM_LIMITS.perToken; i++) streams.push(await follow(first.secret, post.id))
    const refused = await follow(first.secret, post.id)
    expect(refused.first).toContain('TOO_MANY_STREAMS')
    expect(refused.first).toMatch(/this access token already has 5 open/)

    const second = await createToken(user.cookie, { name: 'second', scopes: ['READ'] })
    for (let i = STREAM_LIMITS.perToken; i < STREAM_LIMITS.perUser; i++) streams.push(await follow(second.secret, post.id))
    const third = await createToken(user.cookie, { name: 'third', scopes: ['READ'] })
    expect((await follow(third.secret, post.id)).first).toMatch(/your account already has 10 open/)

    streams.pop()!.abort.abort()
    await vi.waitFor(() => expect(openStreams(`user:${user.userId}`)).toBe(STREAM_LIMITS.perUser - 1))
    const room = await follow(third.secret, post.id)
    expect(room.first).toContain(post.id)
    for (const stream of [...streams, room, refused]) stream.abort.abort()
    await vi.waitFor(() => expect(openStreams(`user:${user.userId}`)).toBe(0))
  })
})
