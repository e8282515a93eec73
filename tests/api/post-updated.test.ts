import { describe, expect, it } from 'vitest'
import { prisma } from '#app/.server/db.ts'
import { postUpdates } from '#app/.server/publishing/post-updates.ts'
import { graphql } from '#tests/graphql/helpers.ts'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { connectedUser, PUBLISH } from '#tests/publishing/helpers.ts'
import { useWorker } from '#tests/worker-harness.ts'
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
        targets: { create: { platform: 'threads', providerAccountId: '1', accountName: 'someone' } },
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
