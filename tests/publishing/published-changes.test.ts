import { beforeEach, describe, expect, it } from 'vitest'
import { saveAccount } from '#app/.server/accounts/account-store.ts'
import { facebookPageAccess } from '#app/.server/accounts/publishing-access.ts'
import { prisma } from '#app/.server/db.ts'
import { reloadEnv } from '#app/.server/env.ts'
import { graphql } from '#tests/graphql/helpers.ts'
import { waitUntil } from '#tests/jobs/helpers.ts'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { useWorker } from '#tests/worker-harness.ts'
import type { FaultInput, PostRecord, RouteName } from '../../sandbox/control-types.ts'
import { connectedUser, publish } from './helpers.ts'

// Issue 17: editing and deleting what was published, through the API, against the sandbox.

const meta = useMetaSandbox()
useWorker()
// Short, so that "an answer after the client's timeout" is quick; the fault still answers later.
const CLIENT_TIMEOUT_MS = 1_000

beforeEach(() => {
  process.env.META_TIMEOUT_MS = String(CLIENT_TIMEOUT_MS)
  reloadEnv()
})

const TARGET_FIELDS = 'id platform status editedText editedAt deletedAt changes { kind status text errorMessage metaMessage }'
const FAILURE_FIELDS =
  '... on Error { message } ... on PublishedChangeFailedError { metaMessage action unconfirmed metaCode metaSubcode } ... on InvalidInputError { issues { field message } }'

type Change = { kind: string; status: string; text: string | null; errorMessage: string | null; metaMessage: string | null }
type Answer = {
  __typename: string
  message?: string
  metaMessage?: string | null
  action?: string
  unconfirmed?: boolean
  id?: string
  status?: string
  editedText?: string | null
  editedAt?: string | null
  deletedAt?: string | null
  changes?: Change[]
}

async function edit(cookie: string, targetId: string, text: string): Promise<Answer> {
  const result = await graphql<{ editPublishedTarget: Answer }>(
    `mutation ($input: EditPublishedTargetInput!) { editPublishedTarget(input: $input) { __typename ... on PublishTarget { ${TARGET_FIELDS} } ${FAILURE_FIELDS} } }`,
    { cookie, variables: { input: { targetId, text } } },
  )
  expect(result.body.errors).toBeUndefined()
  return result.body.data!.editPublishedTarget
}

async function remove(cookie: string, targetId: string): Promise<Answer> {
  const result = await graphql<{ deletePublishedTarget: Answer }>(
    `mutation ($input: DeletePublishedTargetInput!) { deletePublishedTarget(input: $input) { __typename ... on PublishTarget { ${TARGET_FIELDS} } ${FAILURE_FIELDS} } }`,
    { cookie, variables: { input: { targetId } } },
  )
  expect(result.body.errors).toBeUndefined()
  return result.body.data!.deletePublishedTarget
}

type User = Awaited<ReturnType<typeof connectedUser>>

/** A user with one published post on Threads and one Page, and the two targets. */
async function published(text = 'Published once') {
  const user = await connectedUser(meta, { pages: 1 })
  const result = await publish(user.cookie, {
    platforms: ['THREADS', 'FACEBOOK'],
    content: { text },
    facebookPageIds: user.pageIds,
  })
  expect(result.success).toBe(true)
  const targets = result.post!.targets
  const threads = targets.find((t) => t.platform === 'THREADS')!
  const facebook = targets.find((t) => t.platform === 'FACEBOOK')!
  return { user, threads, facebook }
}

async function sandboxPost(id: string | null): Promise<PostRecord | undefined> {
  const all = [...(await meta.control.posts({ platform: 'threads' })), ...(await meta.control.posts({ platform: 'facebook' }))]
  return all.find((post) => post.id === id)
}

describe('editPublishedTarget', () => {
  it('replaces the text of a Page post, and the target’s history shows it', async () => {
    const { user, facebook } = await published('Frist post')
    const answer = await edit(user.cookie, facebook.id, 'First post')
    expect(answer).toMatchObject({ __typename: 'PublishTarget', status: 'PUBLISHED', editedText: 'First post', deletedAt: null })
    expect(answer.editedAt).not.toBeNull()
    expect(answer.changes).toEqual([{ kind: 'EDIT', status: 'DONE', text: 'First post', errorMessage: null, metaMessage: null }])
    expect(await sandboxPost(facebook.postId)).toMatchObject({ message: 'First post', deletedAt: null })
    // Sent again: harmless, and recorded again.
    expect(await edit(user.cookie, facebook.id, 'First post')).toMatchObject({ __typename: 'PublishTarget', editedText: 'First post' })
    expect(await meta.control.calls({ route: 'facebook.object.update' })).toHaveLength(2)
  })

  it('refuses an edit on Threads and empty text, sending nothing', async () => {
    const { user, threads, facebook } = await published()
    await meta.control.clearCalls()
    expect(await edit(user.cookie, threads.id, 'New words')).toMatchObject({
      __typename: 'TargetNotChangeableError',
      message: expect.stringMatching(/Threads does not let apps edit/),
    })
    expect(await edit(user.cookie, facebook.id, '  ')).toMatchObject({ __typename: 'InvalidInputError' })
    expect(await meta.control.calls({ method: 'POST' })).toHaveLength(0)
  })
})

describe('deletePublishedTarget', () => {
  it('deletes a Threads post and a Page post; deleting again sends nothing', async () => {
    const { user, threads, facebook } = await published()
    for (const target of [threads, facebook]) {
      const answer = await remove(user.cookie, target.id)
      expect(answer).toMatchObject({ __typename: 'PublishTarget', changes: [{ kind: 'DELETE', status: 'DONE' }] })
      expect(answer.deletedAt).not.toBeNull()
      expect((await sandboxPost(target.postId))?.deletedAt).not.toBeNull()
    }
    await meta.control.clearCalls()
    expect(await remove(user.cookie, threads.id)).toMatchObject({ __typename: 'PublishTarget', changes: [{ status: 'DONE' }] })
    expect(await edit(user.cookie, facebook.id, 'Too late')).toMatchObject({
      __typename: 'TargetNotChangeableError',
      message: 'This post was already deleted from Facebook.',
    })
    expect(await meta.control.calls()).toHaveLength(0)
  })

  it('records a post someone deleted on Meta as deleted', async () => {
    const { user, facebook } = await published()
    const page = await prisma.account.findFirstOrThrow({ where: { userId: user.userId, platform: 'facebook' } })
    await (await facebookPageAccess(page.id)).deletePost(facebook.postId!)
    expect(await remove(user.cookie, facebook.id)).toMatchObject({ __typename: 'PublishTarget', changes: [{ status: 'DONE' }] })
  })

  it('asks for a reconnect that allows deleting when the Threads connection lacks threads_delete, leaving the account usable', async () => {
    const { user, threads } = await published()
    const account = await prisma.account.findFirstOrThrow({ where: { userId: user.userId, platform: 'threads' } })
    const narrow = await meta.control.issueToken({
      appId: meta.threadsApp.id,
      personId: user.person.id,
      scopes: ['threads_basic', 'threads_content_publish'],
    })
    await saveAccount(
      { userId: account.userId, platform: account.platform, platformAccountId: account.platformAccountId },
      { accessToken: narrow.accessToken },
      {},
    )
    const answer = await remove(user.cookie, threads.id)
    expect(answer).toMatchObject({
      __typename: 'PublishedChangeFailedError',
      message:
        'This Threads connection does not allow Duopost to delete posts yet. Reconnect Threads and allow deleting posts, then try again.',
      action: 'RECONNECT',
      unconfirmed: false,
      metaCode: 10,
    })
    expect(answer.metaMessage).toBe('(#10) Application does not have permission for this action')
    expect((await prisma.account.findUniqueOrThrow({ where: { id: account.id } })).status).toBe('ACTIVE')
    expect((await sandboxPost(threads.postId))?.deletedAt).toBeNull()
    const [change] = await prisma.targetChange.findMany({ where: { targetId: threads.id } })
    expect(change).toMatchObject({ status: 'failed', errorCode: 10 })
  })
})

describe('someone else’s target', () => {
  it('is not found, and nothing is sent', async () => {
    const { facebook, threads } = await published()
    const other = await connectedUser(meta, { pages: 1 })
    await meta.control.clearCalls()
    expect(await edit(other.cookie, facebook.id, 'Mine now')).toMatchObject({ __typename: 'PublishTargetNotFoundError' })
    expect(await remove(other.cookie, threads.id)).toMatchObject({ __typename: 'PublishTargetNotFoundError' })
    expect(await meta.control.calls()).toHaveLength(0)
  })
})

// Meta makes the change, then its answer is lost: the change is recorded as made, exactly once.
const LOST: Record<string, Omit<FaultInput, 'route' | 'afterEffect'>> = {
  'a 500 with Meta’s error': { error: { code: 2 } },
  'a dropped connection': { drop: true },
  'an answer after the client’s timeout': { delayMs: CLIENT_TIMEOUT_MS + 500 },
}

type Write = {
  route: RouteName
  send: (user: User, targetId: string) => Promise<Answer>
  pick: (targets: Awaited<ReturnType<typeof published>>) => { id: string; postId: string | null }
  effect: (post: PostRecord | undefined) => boolean
}

const WRITES: Record<string, Write> = {
  'a Page post edit': {
    route: 'facebook.object.update',
    send: (user, id) => edit(user.cookie, id, 'Edited after a lost answer'),
    pick: ({ facebook }) => facebook,
    effect: (post) => post?.platform === 'facebook' && post.message === 'Edited after a lost answer',
  },
  'a Page post delete': {
    route: 'facebook.object.delete',
    send: (user, id) => remove(user.cookie, id),
    pick: ({ facebook }) => facebook,
    effect: (post) => post?.deletedAt != null,
  },
  'a Threads post delete': {
    route: 'threads.object.delete',
    send: (user, id) => remove(user.cookie, id),
    pick: ({ threads }) => threads,
    effect: (post) => post?.deletedAt != null,
  },
}

describe.each(Object.entries(WRITES))('%s whose answer is lost', (_name, write) => {
  it.each(Object.entries(LOST))('is recorded as done after %s', async (_label, answer) => {
    const made = await published()
    const target = write.pick(made)
    await meta.control.injectFault({ route: write.route, afterEffect: true, ...answer })
    const result = await write.send(made.user, target.id)
    expect(result).toMatchObject({ __typename: 'PublishTarget', changes: [{ status: 'DONE' }] })
    expect(write.effect(await sandboxPost(target.postId))).toBe(true)
    // The sandbox logs a call once it has answered, late or not.
    const calls = await waitUntil(
      () => meta.control.calls({ route: write.route }),
      (logged) => logged.length > 0,
    )
    expect(calls).toHaveLength(1)
  })

  it('stays unconfirmed while the post cannot be read, and the next attempt reads before it sends', async () => {
    const made = await published()
    const target = write.pick(made)
    const read: RouteName = write.route.startsWith('threads') ? 'threads.object.get' : 'facebook.object.get'
    await meta.control.injectFault({ route: write.route, afterEffect: true, drop: true })
    await meta.control.injectFault({ route: read, error: { code: 2 } })
    const first = await write.send(made.user, target.id)
    expect(first).toMatchObject({ __typename: 'PublishedChangeFailedError', unconfirmed: true, action: 'RETRY' })
    expect(first.message).toMatch(/could not check the post yet/)
    expect(await prisma.targetChange.findMany({ where: { targetId: target.id } })).toEqual([expect.objectContaining({ status: 'sending' })])
    const second = await write.send(made.user, target.id)
    expect(second.__typename).toBe('PublishTarget')
    expect(write.effect(await sandboxPost(target.postId))).toBe(true)
    // A delete found gone is not sent again; an edit (harmless to repeat) is sent once more.
    const again = write.route === 'facebook.object.update' ? 2 : 1
    expect(second.changes!.map((change) => change.status)).toEqual(Array(again).fill('DONE'))
    expect(await meta.control.calls({ route: write.route })).toHaveLength(again)
  })
})
