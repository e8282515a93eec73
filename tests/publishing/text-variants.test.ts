import { describe, expect, it } from 'vitest'
import { prisma } from '#app/.server/db.ts'
import { graphql } from '#tests/graphql/helpers.ts'
import { makeRetryDue, waitUntil } from '#tests/jobs/helpers.ts'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { useWorker } from '#tests/worker-harness.ts'
import type { FacebookPostRecord, ThreadsPostRecord } from '../../sandbox/control-types.ts'
import { connectedUser, publish } from './helpers.ts'

// Issue 17: a post's text customised for Threads, for every Page or for one Page reaches only the
// target it is for, and the checks and reconciliation use the text that target sends.

const meta = useMetaSandbox()
useWorker()

const TARGET_TEXTS = `query ($id: ID!) { post(id: $id) { text targets { platform pageId text customText status } } }`

type TargetTexts = {
  post: { text: string; targets: { platform: string; pageId: string | null; text: string; customText: boolean; status: string }[] }
}

async function settledTexts(cookie: string, postId: string) {
  return waitUntil(
    async () => (await graphql<TargetTexts>(TARGET_TEXTS, { cookie, variables: { id: postId } })).body.data!.post,
    (post) => post.targets.every((target) => target.status === 'PUBLISHED'),
  )
}

describe('text customised per network and Page', () => {
  it('publishes each target its own text, and the main text where none was customised', async () => {
    const user = await connectedUser(meta, { pages: 3 })
    const [first, second, third] = user.pageIds as [string, string, string]
    const result = await publish(user.cookie, {
      platforms: ['THREADS', 'FACEBOOK'],
      content: {
        text: 'The main text',
        threadsText: 'Short, for Threads',
        pageTexts: [
          { pageId: second, text: 'Only for the second Page' },
          { pageId: third, text: '   ' },
        ],
      },
      facebookPageIds: [first, second, third],
    })
    expect(result.__typename).toBe('PublishPostResult')
    const post = await settledTexts(user.cookie, result.post!.id)
    expect(post.text).toBe('The main text')
    const threads = (await meta.control.posts({ platform: 'threads' })) as ThreadsPostRecord[]
    expect(threads.map((record) => record.text)).toEqual(['Short, for Threads'])
    const pages = (await meta.control.posts({ platform: 'facebook' })) as FacebookPostRecord[]
    const messageOn = (pageId: string) => pages.filter((record) => record.pageId === pageId).map((record) => record.message)
    expect(messageOn(first)).toEqual(['The main text'])
    expect(messageOn(second)).toEqual(['Only for the second Page'])
    // A blank override is no override.
    expect(messageOn(third)).toEqual(['The main text'])
    expect(post.targets.map(({ platform, pageId, text, customText }) => ({ platform, pageId, text, customText }))).toEqual(
      expect.arrayContaining([
        { platform: 'THREADS', pageId: null, text: 'Short, for Threads', customText: true },
        { platform: 'FACEBOOK', pageId: first, text: 'The main text', customText: false },
        { platform: 'FACEBOOK', pageId: second, text: 'Only for the second Page', customText: true },
        { platform: 'FACEBOOK', pageId: third, text: 'The main text', customText: false },
      ]),
    )
  })

  it("gives every Page the Facebook text, and a Page's own text wins over it", async () => {
    const user = await connectedUser(meta, { threads: true, pages: 2 })
    const [first, second] = user.pageIds as [string, string]
    const result = await publish(user.cookie, {
      platforms: ['THREADS', 'FACEBOOK'],
      content: { text: 'Main', facebookText: 'For Facebook', pageTexts: [{ pageId: second, text: 'For the second Page' }] },
      facebookPageIds: [first, second],
    })
    await settledTexts(user.cookie, result.post!.id)
    const threads = (await meta.control.posts({ platform: 'threads' })) as ThreadsPostRecord[]
    expect(threads.map((record) => record.text)).toEqual(['Main'])
    const pages = (await meta.control.posts({ platform: 'facebook' })) as FacebookPostRecord[]
    expect(Object.fromEntries(pages.map((record) => [record.pageId, record.message]))).toEqual({
      [first]: 'For Facebook',
      [second]: 'For the second Page',
    })
  })

  it('names the field each problem is in, counting the text each network is sent', async () => {
    const user = await connectedUser(meta, { pages: 1 })
    const [page] = user.pageIds as [string]
    const result = await publish(user.cookie, {
      platforms: ['THREADS', 'FACEBOOK'],
      content: {
        text: 'Fine for both',
        threadsText: 'x'.repeat(501),
        pageTexts: [
          { pageId: page, text: 'y'.repeat(63_207) },
          { pageId: 'not-chosen', text: 'Nobody gets this' },
        ],
      },
      facebookPageIds: [page],
    })
    expect(result.__typename).toBe('InvalidInputError')
    expect(result.issues).toEqual([
      { field: 'content.pageTexts.1.pageId', message: 'Choose this Page to publish its own text there, or leave the text out.' },
      expect.objectContaining({ field: 'content.threadsText', message: expect.stringContaining('this text counts 501') }),
      expect.objectContaining({ field: 'content.pageTexts.0.text', message: expect.stringContaining('Facebook allows 63206 characters') }),
    ])
    expect(await prisma.post.count({ where: { userId: user.userId } })).toBe(0)
  })

  it('counts the link added to a Threads text with a photo, and says so', async () => {
    const user = await connectedUser(meta)
    const link = 'https://example.com/a-long-enough-address'
    const result = await publish(user.cookie, {
      platforms: ['THREADS'],
      content: { text: 'Main', threadsText: 'z'.repeat(480), link, imageUrl: `${meta.url}/__sandbox/media/sample.png` },
    })
    expect(result.issues).toEqual([
      {
        field: 'content.threadsText',
        message: `Threads allows 500 characters and counts each emoji as several; this text counts ${480 + 1 + link.length} with the link Duopost adds at its end (a post with a photo or video gets no link card). Shorten it by ${480 + 1 + link.length - 500}.`,
      },
    ])
  })

  it('refuses a text for a network that is not chosen', async () => {
    const user = await connectedUser(meta)
    const result = await publish(user.cookie, { platforms: ['THREADS'], content: { text: 'Main', facebookText: 'For Facebook' } })
    expect(result.issues).toEqual([
      { field: 'content.facebookText', message: 'Tick Facebook as a platform to publish this text there, or leave it out.' },
    ])
  })
})

describe('a scheduled post with customised texts', () => {
  it('keeps them on its targets, and editScheduledPost replaces them as a new post would be checked', async () => {
    const user = await connectedUser(meta, { pages: 1 })
    const later = new Date(Date.now() + 3_600_000).toISOString()
    const input = { platforms: ['THREADS', 'FACEBOOK'] as ('THREADS' | 'FACEBOOK')[], facebookPageIds: user.pageIds, scheduledAt: later }
    const result = await publish(user.cookie, { ...input, content: { text: 'Main', threadsText: 'First Threads text' } })
    const postId = result.post!.id
    const edited = await graphql<{
      editScheduledPost: { __typename: string; targets?: { platform: string; text: string; customText: boolean }[] }
    }>(
      `
        mutation ($input: EditScheduledPostInput!) {
          editScheduledPost(input: $input) {
            __typename
            ... on Post {
              targets {
                platform
                text
                customText
              }
            }
          }
        }
      `,
      { cookie: user.cookie, variables: { input: { ...input, postId, content: { text: 'Main', facebookText: 'Now for the Page' } } } },
    )
    expect(edited.body.data!.editScheduledPost).toEqual({
      __typename: 'Post',
      targets: [
        { platform: 'THREADS', text: 'Main', customText: false },
        { platform: 'FACEBOOK', text: 'Now for the Page', customText: true },
      ],
    })
  })
})

describe('a lost answer with a customised text', () => {
  it.each([
    // The check right after the lost answer fails too, so the automatic retry is what settles it.
    { platform: 'threads' as const, route: 'threads.publish' as const, check: { route: 'threads.object.get' as const, skip: 1 } },
    { platform: 'facebook' as const, route: 'facebook.feed.create' as const, check: { route: 'facebook.feed.list' as const } },
  ])(
    'on $route: the retry finds the post by the text that target sent, and publishes nothing twice',
    async ({ platform, route, check }) => {
      const user = await connectedUser(meta, platform === 'threads' ? {} : { threads: false, pages: 1 })
      await meta.control.injectFault({ route, afterEffect: true, error: { code: 2 } })
      await meta.control.injectFault({ ...check, error: { code: 2 } })
      const result = await publish(
        user.cookie,
        platform === 'threads'
          ? { platforms: ['THREADS'], content: { text: 'The main text', threadsText: 'Sent to Threads only' } }
          : {
              platforms: ['FACEBOOK'],
              content: { text: 'The main text', pageTexts: [{ pageId: user.pageIds[0]!, text: 'Sent to this Page only' }] },
              facebookPageIds: user.pageIds,
            },
      )
      const target = result.post!.targets[0]!
      expect(target).toMatchObject({ status: 'QUEUED', error: { retryable: true } })
      await makeRetryDue(target.id)
      const row = await waitUntil(
        () => prisma.publishTarget.findUniqueOrThrow({ where: { id: target.id } }),
        (settled) => settled.status === 'published',
      )
      const posts = await meta.control.posts({ platform })
      expect(posts).toHaveLength(1)
      const record = posts[0]!
      expect(record.platform === 'threads' ? record.text : record.message).toBe(
        platform === 'threads' ? 'Sent to Threads only' : 'Sent to this Page only',
      )
      expect(row).toMatchObject({ platformPostId: record.id, reconcileFrom: null })
    },
  )
})

describe("Meta's own message beside Duopost's plain words", () => {
  it.each([
    { fault: { code: 100, message: '(#100) Invalid parameter', error_user_msg: 'This link is blocked.' }, said: 'This link is blocked.' },
    { fault: { code: 100, message: '(#100) Invalid parameter' }, said: '(#100) Invalid parameter' },
  ])('keeps what Meta said ($said) next to the explanation', async ({ fault, said }) => {
    const user = await connectedUser(meta, { threads: false, pages: 1 })
    await meta.control.injectFault({ route: 'facebook.feed.create', error: fault })
    const result = await publish(user.cookie, {
      platforms: ['FACEBOOK'],
      content: { text: 'The main text', facebookText: 'A link for the Page https://example.com' },
      facebookPageIds: user.pageIds,
    })
    const target = await waitUntil(
      async () =>
        (
          await graphql<{ post: { targets: { status: string; error: { message: string; metaMessage: string | null } | null }[] } }>(
            'query ($id: ID!) { post(id: $id) { targets { status error { message metaMessage } } } }',
            { cookie: user.cookie, variables: { id: result.post!.id } },
          )
        ).body.data!.post.targets[0]!,
      (row) => row.status === 'FAILED',
    )
    expect(target.error!.metaMessage).toBe(said)
    expect(target.error!.message).not.toBe(said)
  })
})
