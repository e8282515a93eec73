import { beforeEach, describe, expect, it } from 'vitest'
import { prisma } from '#app/.server/db.ts'
import { graphql } from '#tests/graphql/helpers.ts'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { useWorker } from '#tests/worker-harness.ts'
import { connectedUser, publish } from './helpers.ts'

const meta = useMetaSandbox()
useWorker()

beforeEach(async () => {
  await meta.control.configure({ processingMs: { IMAGE: 0 } })
})

function image() {
  return meta.control.sampleMediaUrl('sample.png')
}

describe('publishPost', () => {
  it('publishes text to Threads: container, status, publish, permalink', async () => {
    const user = await connectedUser(meta)
    const result = await publish(user.cookie, { platforms: ['THREADS'], content: { text: 'Hello from Duopost' } })
    expect(result).toMatchObject({ __typename: 'PublishPostResult', success: true, partial: false })
    expect(result.results).toEqual([expect.objectContaining({ platform: 'THREADS', success: true, status: 'PUBLISHED', error: null })])
    expect(result.results![0]!.permalink).toMatch(/^http/)
    const posts = await meta.control.posts({ platform: 'threads' })
    expect(posts).toHaveLength(1)
    expect(posts[0]).toMatchObject({ text: 'Hello from Duopost', id: result.results![0]!.postId })
    expect(result.post!.status).toBe('PUBLISHED')
  })

  it('publishes an image to Threads', async () => {
    const user = await connectedUser(meta)
    const result = await publish(user.cookie, { platforms: ['THREADS'], content: { text: 'A picture', imageUrl: image() } })
    expect(result.success).toBe(true)
    const [post] = await meta.control.posts({ platform: 'threads' })
    expect(post).toMatchObject({ mediaType: 'IMAGE', mediaUrls: [image()] })
  })

  it('publishes text with a link to several Pages', async () => {
    const user = await connectedUser(meta, { threads: false, pages: 3 })
    const result = await publish(user.cookie, {
      platforms: ['FACEBOOK'],
      content: { text: 'Our news', link: 'https://example.com/news' },
      facebookPageIds: user.pageIds,
    })
    expect(result.success).toBe(true)
    expect(result.results!.map((r) => r.pageName).sort()).toEqual(user.person.pages.map((p) => p.name).sort())
    const posts = await meta.control.posts({ platform: 'facebook' })
    expect(posts.map((p) => 'pageId' in p && p.pageId).sort()).toEqual([...user.pageIds].sort())
    for (const post of posts) expect(post).toMatchObject({ message: 'Our news', link: 'https://example.com/news' })
  })

  it('publishes text and an image to Threads and two Pages in one step', async () => {
    const user = await connectedUser(meta, { pages: 2 })
    const result = await publish(user.cookie, {
      platforms: ['THREADS', 'FACEBOOK'],
      content: { text: 'Everywhere at once', imageUrl: image() },
      facebookPageIds: user.pageIds,
    })
    expect(result.success).toBe(true)
    expect(result.results).toHaveLength(3)
    expect(await meta.control.posts({ platform: 'threads' })).toHaveLength(1)
    const photos = await meta.control.posts({ platform: 'facebook' })
    expect(photos).toHaveLength(2)
    for (const photo of photos) expect(photo).toMatchObject({ photoUrls: [image()], message: 'Everywhere at once' })
  })

  it('reports partial success: one Page fails with the reason, the others are published', async () => {
    const user = await connectedUser(meta, { pages: 3 })
    const failing = user.pageIds[1]!
    await meta.control.injectFault({ route: 'facebook.feed.create', path: `/*/${failing}/feed`, error: { code: 200 } })
    const result = await publish(user.cookie, {
      platforms: ['THREADS', 'FACEBOOK'],
      content: { text: 'Mostly fine' },
      facebookPageIds: user.pageIds,
    })
    expect(result).toMatchObject({ success: false, partial: true })
    expect(result.post!.status).toBe('PARTIAL')
    const failed = result.results!.filter((r) => !r.success)
    expect(failed).toHaveLength(1)
    // Every permission is granted (debug_token says so), so the (#200) is about the Page role.
    expect(failed[0]).toMatchObject({ pageName: user.person.pages[1]!.name, status: 'FAILED', action: 'FIX_ACCOUNT' })
    expect(failed[0]!.error).toBeTruthy()
    expect(result.results!.filter((r) => r.success)).toHaveLength(3)
  })

  it.each([
    { name: 'a transient error', error: { code: 2 }, kind: 'TRANSIENT', action: 'RETRY', retryable: true, account: 'ACTIVE' },
    { name: 'an app rate limit', error: { code: 4 }, kind: 'RATE_LIMITED', action: 'WAIT', retryable: true, account: 'ACTIVE' },
    {
      name: 'a Pages rate limit',
      error: { code: 80001, regainAccessMinutes: 7 },
      kind: 'RATE_LIMITED',
      action: 'WAIT',
      retryable: true,
      account: 'ACTIVE',
    },
    {
      name: 'a password change',
      error: { code: 190, error_subcode: 460 },
      kind: 'RECONNECT',
      action: 'RECONNECT',
      retryable: false,
      account: 'NEEDS_RECONNECT',
    },
    {
      name: 'a lost Page role',
      error: { code: 190, error_subcode: 492 },
      kind: 'RECONNECT',
      action: 'FIX_ACCOUNT',
      retryable: false,
      account: 'NEEDS_RECONNECT',
    },
    { name: 'a bad parameter', error: { code: 100 }, kind: 'PERMANENT', action: 'EDIT', retryable: false, account: 'ACTIVE' },
    { name: 'a duplicate post', error: { code: 506 }, kind: 'PERMANENT', action: 'EDIT', retryable: false, account: 'ACTIVE' },
  ])('maps $name from Facebook to $kind with the action $action', async ({ error, kind, action, retryable, account }) => {
    const user = await connectedUser(meta, { threads: false, pages: 1 })
    await meta.control.injectFault({ route: 'facebook.feed.create', error })
    const result = await publish(user.cookie, {
      platforms: ['FACEBOOK'],
      content: { text: `Fault ${kind}` },
      facebookPageIds: user.pageIds,
    })
    const [target] = result.post!.targets
    // Retryable failures wait for an automatic retry; the others are final.
    expect(target).toMatchObject({ status: retryable ? 'QUEUED' : 'FAILED', error: { kind, action, retryable, metaCode: error.code } })
    if (retryable) expect(new Date(target!.nextAttemptAt!).getTime()).toBeGreaterThan(Date.now())
    expect(target!.error!.message.length).toBeGreaterThan(10)
    if (kind === 'RATE_LIMITED') expect(new Date(target!.error!.retryAfter!).getTime()).toBeGreaterThan(Date.now())
    const { facebookPages } = (
      await graphql<{ connections: { facebookPages: { status: string }[] } }>('{ connections { facebookPages { status } } }', {
        cookie: user.cookie,
      })
    ).body.data!.connections
    expect(facebookPages[0]!.status).toBe(account)
    expect(await meta.control.posts({ platform: 'facebook' })).toHaveLength(0)
  })

  it('runs the targets concurrently: with 100 ms per call, ten Page posts overlap', async () => {
    const user = await connectedUser(meta, { pages: 10 })
    await meta.control.configure({ latencyMs: 100 })
    await meta.control.clearCalls()
    const result = await publish(user.cookie, {
      platforms: ['THREADS', 'FACEBOOK'],
      content: { text: 'Fan-out' },
      facebookPageIds: user.pageIds,
    })
    await meta.control.configure({ latencyMs: 0 })
    expect(result.success).toBe(true)
    const posts = await meta.control.calls({ route: 'facebook.feed.create' })
    expect(posts).toHaveLength(10)
    // One after another, each call would be answered before the next arrived; sent together they
    // are in the sandbox at the same time.
    const spans = posts.map((call) => ({ from: Date.parse(call.receivedAt), to: Date.parse(call.at) }))
    const mostAtOnce = Math.max(...spans.map((span) => spans.filter((other) => other.from <= span.from && span.from < other.to).length))
    expect(mostAtOnce).toBeGreaterThan(1)
    const finished = spans.map((span) => span.to)
    const threadsCalls = await meta.control.calls({ pathContains: '/v1.0/' })
    expect(Math.min(...threadsCalls.map((call) => Date.parse(call.at)))).toBeLessThanOrEqual(Math.max(...finished))
  })
})

describe('Threads quota check', () => {
  it('asks for the quota alongside creating the container, not one round trip before it', async () => {
    const user = await connectedUser(meta)
    await meta.control.injectFault({ path: '/v1.0/*/threads_publishing_limit', delayMs: 1_000 })
    await meta.control.clearCalls()
    const result = await publish(user.cookie, { platforms: ['THREADS'], content: { text: 'Quota and container together' } })
    expect(result.success).toBe(true)
    const calls = await meta.control.calls({ pathContains: '/v1.0/' })
    const quota = calls.find((call) => call.path.endsWith('/threads_publishing_limit'))!
    const container = calls.find((call) => call.route === 'threads.containers.create')!
    // The log is in the order of the answers: the container was answered while the quota was held back.
    expect(container.seq).toBeLessThan(quota.seq)
    expect(calls.filter((call) => call.route === 'threads.publish')).toHaveLength(1)
  })
})

describe('publishPost validation', () => {
  async function issuesFor(cookie: string, input: Parameters<typeof publish>[1]) {
    const result = await publish(cookie, input)
    expect(result.__typename).toBe('InvalidInputError')
    return result.issues!
  }

  it('names every problem with its field and stores nothing', async () => {
    const user = await connectedUser(meta, { pages: 1 })
    const tooLong = `${'🎉'.repeat(100)}${'a'.repeat(101)}`
    const issues = await issuesFor(user.cookie, {
      platforms: ['THREADS', 'FACEBOOK'],
      content: {
        text: `${tooLong} https://a.example https://b.example https://c.example https://d.example https://e.example https://f.example`,
        imageUrl: 'https://10.0.0.5/cat.png',
      },
      facebookPageIds: ['not-a-page-of-mine'],
    })
    expect(issues).toEqual(
      expect.arrayContaining([
        { field: 'content.text', message: expect.stringMatching(/Threads allows 500 characters.*counts \d+/) },
        { field: 'content.text', message: expect.stringMatching(/at most 5 links/) },
        { field: 'content.imageUrl', message: expect.stringMatching(/private or local network/) },
        { field: 'facebookPageIds', message: 'None of your connected Pages has the id not-a-page-of-mine.' },
      ]),
    )
    expect(await prisma.post.count({ where: { userId: user.userId } })).toBe(0)
  })

  it.each([
    ['http://example.com/cat.png', /must start with https/],
    ['https://localhost/cat.png', /private or local network|could not be found/],
    ['https://127.0.0.1/cat.png', /private or local network/],
    ['https://[::1]/cat.png', /private or local network/],
    ['https://169.254.169.254/latest/meta-data', /private or local network/],
    ['not a url', /full address of the image/],
  ])('refuses the image address %s', async (imageUrl, message) => {
    const user = await connectedUser(meta)
    const issues = await issuesFor(user.cookie, { platforms: ['THREADS'], content: { text: 'x', imageUrl } })
    expect(issues).toEqual([{ field: 'content.imageUrl', message: expect.stringMatching(message) }])
  })

  it('needs a target, content, and Pages when Facebook is chosen', async () => {
    const user = await connectedUser(meta, { threads: false, pages: 1 })
    expect(await issuesFor(user.cookie, { platforms: [], content: { text: 'x' } })).toEqual([
      { field: 'platforms', message: expect.stringMatching(/at least one place/) },
    ])
    expect(await issuesFor(user.cookie, { platforms: ['FACEBOOK'], content: { text: '  ' }, facebookPageIds: user.pageIds })).toEqual([
      { field: 'content.text', message: 'Write some text or add an image.' },
    ])
    expect(await issuesFor(user.cookie, { platforms: ['FACEBOOK'], content: { text: 'x' } })).toEqual([
      { field: 'facebookPageIds', message: 'Choose at least one Facebook Page.' },
    ])
    expect(await issuesFor(user.cookie, { platforms: ['THREADS'], content: { text: 'x' } })).toEqual([
      { field: 'platforms', message: 'Threads: Connect your Threads profile first.' },
    ])
  })

  it('counts text as Threads does: 500 plain characters pass, emoji count as their UTF-8 bytes', async () => {
    const user = await connectedUser(meta)
    expect((await publish(user.cookie, { platforms: ['THREADS'], content: { text: 'a'.repeat(500) } })).success).toBe(true)
    const issues = await issuesFor(user.cookie, { platforms: ['THREADS'], content: { text: `${'a'.repeat(497)}👍` } })
    expect(issues[0]!.message).toMatch(/counts 501/)
  })
})

describe('one user cannot reach another user’s posts or Pages', () => {
  it('hides posts, refuses Pages and retries across users', async () => {
    const alice = await connectedUser(meta, { pages: 1 })
    const mallory = await connectedUser(meta, { pages: 1 })
    const published = await publish(alice.cookie, {
      platforms: ['THREADS', 'FACEBOOK'],
      content: { text: 'Alice only' },
      facebookPageIds: alice.pageIds,
    })
    const postId = published.post!.id

    const asMallory = await graphql<{ post: unknown; posts: { edges: unknown[] } }>(
      `
        query ($id: ID!) {
          post(id: $id) {
            id
          }
          posts(first: 10) {
            edges {
              node {
                id
              }
            }
          }
        }
      `,
      {
        cookie: mallory.cookie,
        variables: { id: postId },
      },
    )
    expect(asMallory.body.data).toEqual({ post: null, posts: { edges: [] } })

    const stolen = await publish(mallory.cookie, { platforms: ['FACEBOOK'], content: { text: 'Not mine' }, facebookPageIds: alice.pageIds })
    expect(stolen.issues).toEqual([{ field: 'facebookPageIds', message: `None of your connected Pages has the id ${alice.pageIds[0]}.` }])

    const retry = await graphql<{ retryPublishTargets: { __typename: string } }>(
      `
        mutation ($id: ID!) {
          retryPublishTargets(postId: $id) {
            __typename
          }
        }
      `,
      {
        cookie: mallory.cookie,
        variables: { id: postId },
      },
    )
    expect(retry.body.data!.retryPublishTargets.__typename).toBe('PostNotFoundError')
  })
})
