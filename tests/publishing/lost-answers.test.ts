import { beforeEach, describe, expect, it } from 'vitest'
import { facebookPageAccess, threadsAccess } from '#app/.server/accounts/publishing-access.ts'
import { prisma } from '#app/.server/db.ts'
import { reloadEnv } from '#app/.server/env.ts'
import { STUCK_AFTER_MS, sweepStuckTargets } from '#app/.server/publishing/sweep.ts'
import { recordPost } from '#app/.server/publishing/publish-post.ts'
import { graphql } from '#tests/graphql/helpers.ts'
import { makeRetryDue, waitUntil } from '#tests/jobs/helpers.ts'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { useWorker } from '#tests/worker-harness.ts'
import type { FaultInput, RouteName } from '../../sandbox/control-types.ts'
import { connectedUser, publish, type PublishInput } from './helpers.ts'

// Issue 14, case 1: Meta acts on a write and its answer is lost. Whatever runs the target next (the
// automatic retry, a person's retry, the sweeper after a crash), it ends with exactly one post and
// the target PUBLISHED with that post's permalink.

const meta = useMetaSandbox()
useWorker()
// Short enough that "answer after the client's timeout" is quick; the fault answers later still.
const CLIENT_TIMEOUT_MS = 1_000

beforeEach(async () => {
  process.env.META_TIMEOUT_MS = String(CLIENT_TIMEOUT_MS)
  reloadEnv()
  await meta.control.configure({ processingMs: { IMAGE: 0 } })
})

type User = Awaited<ReturnType<typeof connectedUser>>

type WriteRoute = {
  platform: 'threads' | 'facebook'
  request: (user: User) => PublishInput
  /** Makes the check right after the lost answer fail too, so the path under test is what settles it. */
  firstCheck?: FaultInput
  /** Does what a worker does up to and including the send, then "dies": nothing after the send is recorded. */
  crashAfterSend: (targetId: string, accountId: string, user: User, fault: FaultInput) => Promise<void>
}

const sendAt = () => new Date()
const swallow = () => undefined

/** A Facebook worker's last steps before it "dies": the send's state saved, then the send. */
async function facebookSendThenCrash(targetId: string, fault: FaultInput, send: () => Promise<unknown>) {
  const at = sendAt()
  await prisma.publishTarget.update({ where: { id: targetId }, data: { status: 'publishing', stepStartedAt: at, reconcileFrom: at } })
  await meta.control.injectFault(fault)
  await send().catch(swallow)
}

// The media writes (Page videos, unpublished photos, carousel children) have their own file:
// tests/publishing/media-lost-answers.test.ts.
const ROUTES: Record<Exclude<Extract<RouteName, `${string}.create` | 'threads.publish'>, 'facebook.videos.create'>, WriteRoute> = {
  'facebook.feed.create': {
    platform: 'facebook',
    request: (user) => ({
      platforms: ['FACEBOOK'],
      content: { text: 'Lost feed answer', link: 'https://example.com/a' },
      facebookPageIds: user.pageIds,
    }),
    firstCheck: { route: 'facebook.feed.list', error: { code: 2 } },
    crashAfterSend: (targetId, accountId, _user, fault) =>
      facebookSendThenCrash(targetId, fault, async () =>
        (await facebookPageAccess(accountId)).postToFeed({ message: 'Lost feed answer', link: 'https://example.com/a' }),
      ),
  },
  'facebook.photos.create': {
    platform: 'facebook',
    request: (user) => ({
      platforms: ['FACEBOOK'],
      content: { text: 'Lost photo answer', imageUrl: `${meta.url}/__sandbox/media/sample.png` },
      facebookPageIds: user.pageIds,
    }),
    firstCheck: { route: 'facebook.feed.list', error: { code: 2 } },
    crashAfterSend: (targetId, accountId, _user, fault) =>
      facebookSendThenCrash(targetId, fault, async () =>
        (await facebookPageAccess(accountId)).postPhoto({ url: `${meta.url}/__sandbox/media/sample.png`, caption: 'Lost photo answer' }),
      ),
  },
  'threads.publish': {
    platform: 'threads',
    request: () => ({ platforms: ['THREADS'], content: { text: 'Lost publish answer' } }),
    // The first status read is the wait for FINISHED; the second is the check after the lost answer.
    firstCheck: { route: 'threads.object.get', skip: 1, error: { code: 2 } },
    async crashAfterSend(targetId, accountId, _user, fault) {
      const access = await threadsAccess(accountId)
      const { data: container } = await access.createContainer({ mediaType: 'TEXT', text: 'Lost publish answer' })
      const at = sendAt()
      await prisma.publishTarget.update({
        where: { id: targetId },
        data: { status: 'publishing', containerId: container.id, stepStartedAt: at, reconcileFrom: at },
      })
      await meta.control.injectFault(fault)
      await access.publishContainer(container.id).catch(swallow)
    },
  },
  'threads.containers.create': {
    platform: 'threads',
    request: () => ({ platforms: ['THREADS'], content: { text: 'Lost container answer' } }),
    async crashAfterSend(targetId, accountId, _user, fault) {
      await prisma.publishTarget.update({ where: { id: targetId }, data: { status: 'creating', stepStartedAt: sendAt() } })
      await meta.control.injectFault(fault)
      await (await threadsAccess(accountId)).createContainer({ mediaType: 'TEXT', text: 'Lost container answer' }).catch(swallow)
    },
  },
}

const LOST_ANSWERS: Record<string, Omit<FaultInput, 'route' | 'afterEffect'>> = {
  '500 after effect': { error: { code: 2 } },
  'timeout after effect': { delayMs: CLIENT_TIMEOUT_MS * 2 },
  'dropped connection after effect': { drop: true },
}

async function retryByHand(cookie: string, postId: string) {
  const result = await graphql<{ retryPublishTargets: { __typename: string } }>(
    'mutation ($id: ID!) { retryPublishTargets(postId: $id) { __typename } }',
    { cookie, variables: { id: postId } },
  )
  expect(result.body.data!.retryPublishTargets.__typename).toBe('PublishPostResult')
}

/** The first attempt through the worker, left waiting for its retry with the outcome unknown. */
async function firstAttemptLost(route: WriteRoute, name: RouteName, user: User, lost: FaultInput) {
  await meta.control.injectFault({ route: name, afterEffect: true, ...lost })
  if (route.firstCheck) await meta.control.injectFault(route.firstCheck)
  const result = await publish(user.cookie, route.request(user))
  const target = result.post!.targets[0]!
  expect(target).toMatchObject({ status: 'QUEUED', error: { retryable: true } })
  return { postId: result.post!.id, targetId: target.id }
}

const PATHS = {
  async 'the automatic retry'(route: WriteRoute, name: RouteName, user: User, lost: FaultInput) {
    const { targetId } = await firstAttemptLost(route, name, user, lost)
    await makeRetryDue(targetId)
    return targetId
  },
  async 'a retry by hand'(route: WriteRoute, name: RouteName, user: User, lost: FaultInput) {
    const { postId, targetId } = await firstAttemptLost(route, name, user, lost)
    await retryByHand(user.cookie, postId)
    return targetId
  },
  async 'the sweeper after a crash'(route: WriteRoute, name: RouteName, user: User, lost: FaultInput) {
    const { platforms, content, facebookPageIds } = route.request(user)
    const { post } = await recordPost(user.userId, {
      platforms: platforms.map((platform) => (platform === 'THREADS' ? 'threads' : 'facebook')),
      content,
      facebookPageIds,
    })
    const target = post.targets[0]!
    await route.crashAfterSend(target.id, target.accountId!, user, { route: name, afterEffect: true, ...lost })
    expect(await sweepStuckTargets(Date.now() + STUCK_AFTER_MS + 1_000)).toBe(1)
    return target.id
  },
}

describe.each(Object.entries(ROUTES))('a lost answer on %s', (name, route) => {
  describe.each(Object.entries(LOST_ANSWERS))('(%s)', (_lostLabel, lost) => {
    it.each(Object.keys(PATHS) as (keyof typeof PATHS)[])('settled by %s: exactly one post, PUBLISHED with its permalink', async (path) => {
      const user = await connectedUser(meta, route.platform === 'threads' ? {} : { threads: false, pages: 1 })
      const targetId = await PATHS[path](route, name as RouteName, user, lost)
      const target = await waitUntil(
        () => prisma.publishTarget.findUniqueOrThrow({ where: { id: targetId } }),
        (row) => row.status === 'published',
      )
      const posts = await meta.control.posts({ platform: route.platform })
      expect(posts).toHaveLength(1)
      expect(target).toMatchObject({
        status: 'published',
        platformPostId: posts[0]!.id,
        permalink: posts[0]!.permalink,
        reconcileFrom: null,
      })
    })
  })
})
