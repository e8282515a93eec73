import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { prisma } from '#app/.server/db.ts'
import { ingestUpload } from '#app/.server/media/ingest.ts'
import { mediaStore } from '#app/.server/media/media-store.ts'
import { removeExpiredMedia } from '#app/.server/media/retention.ts'
import { action as dashboardAction, loader as dashboardLoader } from '#app/routes/dashboard.tsx'
import { action as deleteAccountAction } from '#app/routes/settings.delete-account.tsx'
import { PASSWORD, signUp } from '#tests/auth/helpers.ts'
import { graphql } from '#tests/graphql/helpers.ts'
import { waitUntil } from '#tests/jobs/helpers.ts'
import { fixture } from '#tests/media/fixtures.ts'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { actionArgs, APP, formRequest, getRequest, loaderArgs, settle } from '#tests/utils.ts'
import { useWorker } from '#tests/worker-harness.ts'
import type { FacebookPostRecord, ThreadsPostRecord } from '../../sandbox/control-types.ts'
import { connectedUser } from './helpers.ts'

// Drafts through the API (docs/decisions/025-drafts.md): saved without any check but ownership,
// kept per person, and published exactly once through publishPost's own rules.

const meta = useMetaSandbox()
useWorker()

const DRAFT_FIELDS = `id text link platforms facebookPageIds scheduledAt media { position altText media { id } }`

const CREATE = `mutation ($input: CreateDraftInput!) { createDraft(input: $input) {
  __typename ... on Draft { ${DRAFT_FIELDS} } ... on InvalidInputError { issues { field message } } } }`
const UPDATE = `mutation ($input: UpdateDraftInput!) { updateDraft(input: $input) {
  __typename ... on Draft { ${DRAFT_FIELDS} } ... on InvalidInputError { issues { field message } } ... on Error { message } } }`
const DELETE = `mutation ($id: ID!) { deleteDraft(input: { draftId: $id }) { __typename ... on DeletedDraft { draftId } ... on Error { message } } }`
const PUBLISH = `mutation ($id: ID!) { publishDraft(input: { draftId: $id, waitForResults: false }) {
  __typename
  ... on PublishPostResult { post { id status text scheduledAt media { altText media { id } } targets { platform pageId } } }
  ... on InvalidInputError { issues { field message } }
  ... on Error { message } } }`
const ONE = `query ($id: ID!) { draft(id: $id) { ${DRAFT_FIELDS} } }`
const LIST = `query ($after: String) { drafts(first: 2, after: $after) { edges { node { id text } } pageInfo { hasNextPage endCursor } } }`

type Draft = {
  id: string
  text: string
  link: string | null
  platforms: string[]
  facebookPageIds: string[]
  scheduledAt: string | null
  media: { position: number; altText: string | null; media: { id: string } }[]
}
type Payload = { __typename: string; message?: string; issues?: { field: string; message: string }[] }
type Published = Payload & {
  post?: {
    id: string
    status: string
    text: string
    scheduledAt: string | null
    media: { altText: string | null; media: { id: string } }[]
    targets: { platform: string; pageId: string | null }[]
  }
}

async function createDraft(cookie: string, input: Record<string, unknown>) {
  const result = await graphql<{ createDraft: Draft & Payload }>(CREATE, { cookie, variables: { input } })
  return result.body.data!.createDraft
}

async function publishDraft(cookie: string, id: string) {
  const result = await graphql<{ publishDraft: Published }>(PUBLISH, { cookie, variables: { id } })
  if (result.body.errors) throw new Error(JSON.stringify(result.body.errors))
  return result.body.data!.publishDraft
}

async function upload(userId: string) {
  return (await ingestUpload({ userId, fileName: 'photo.jpg', body: Readable.from([fixture('photo.jpg')]) })).id
}

const inAnHour = () => new Date(Date.now() + 60 * 60_000).toISOString()

describe('drafts', () => {
  it('round-trip: saved incomplete, read back, changed, paged newest first, deleted for good', async () => {
    const user = await connectedUser(meta, { pages: 1 })
    const empty = await createDraft(user.cookie, {})
    expect(empty).toMatchObject({ __typename: 'Draft', text: '', platforms: [], facebookPageIds: [], scheduledAt: null, media: [] })

    const at = inAnHour()
    const saved = await createDraft(user.cookie, {
      platforms: ['THREADS', 'FACEBOOK'],
      facebookPageIds: user.pageIds,
      content: { text: 'Half a thought', link: 'https://example.com/a' },
      scheduledAt: at,
    })
    expect(saved).toMatchObject({
      text: 'Half a thought',
      link: 'https://example.com/a',
      platforms: ['THREADS', 'FACEBOOK'],
      facebookPageIds: user.pageIds,
      scheduledAt: at,
    })
    const read = await graphql<{ draft: Draft }>(ONE, { cookie: user.cookie, variables: { id: saved.id } })
    const { __typename: _type, ...fields } = saved
    expect(read.body.data!.draft).toEqual(fields)

    const changed = await graphql<{ updateDraft: Draft }>(UPDATE, {
      cookie: user.cookie,
      variables: { input: { draftId: saved.id, platforms: ['THREADS'], content: { text: 'A whole thought' } } },
    })
    expect(changed.body.data!.updateDraft).toMatchObject({ text: 'A whole thought', link: null, platforms: ['THREADS'], scheduledAt: null })

    const third = await createDraft(user.cookie, { content: { text: 'Third' } })
    const first = await graphql<{ drafts: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
      LIST,
      { cookie: user.cookie },
    )
    // The one saved last comes first: the update moved the second draft before the empty one.
    expect(first.body.data!.drafts.edges.map((edge) => edge.node.id)).toEqual([third.id, saved.id])
    expect(first.body.data!.drafts.pageInfo.hasNextPage).toBe(true)
    const next = await graphql<{ drafts: { edges: { node: { id: string } }[] } }>(LIST, {
      cookie: user.cookie,
      variables: { after: first.body.data!.drafts.pageInfo.endCursor },
    })
    expect(next.body.data!.drafts.edges.map((edge) => edge.node.id)).toEqual([empty.id])

    const deleted = await graphql<{ deleteDraft: Payload & { draftId: string } }>(DELETE, {
      cookie: user.cookie,
      variables: { id: saved.id },
    })
    expect(deleted.body.data!.deleteDraft).toEqual({ __typename: 'DeletedDraft', draftId: saved.id })
    const gone = await graphql<{ draft: Draft | null }>(ONE, { cookie: user.cookie, variables: { id: saved.id } })
    expect(gone.body.data!.draft).toBeNull()
    const again = await graphql<{ deleteDraft: Payload }>(DELETE, { cookie: user.cookie, variables: { id: saved.id } })
    expect(again.body.data!.deleteDraft).toMatchObject({ __typename: 'DraftNotFoundError', message: expect.stringMatching(/No draft/) })
    expect(await publishDraft(user.cookie, saved.id)).toMatchObject({ __typename: 'DraftNotFoundError' })
  })

  it('is the owner’s alone: another person reads nothing and can change, delete or publish nothing', async () => {
    const owner = await connectedUser(meta)
    const draft = await createDraft(owner.cookie, { platforms: ['THREADS'], content: { text: 'Mine' } })
    const other = await signUp(`other-drafts-${Date.now()}@example.com`)

    expect((await graphql<{ draft: unknown }>(ONE, { cookie: other.cookie, variables: { id: draft.id } })).body.data!.draft).toBeNull()
    const list = await graphql<{ drafts: { edges: unknown[] } }>(LIST, { cookie: other.cookie })
    expect(list.body.data!.drafts.edges).toEqual([])
    const update = await graphql<{ updateDraft: Payload }>(UPDATE, {
      cookie: other.cookie,
      variables: { input: { draftId: draft.id, content: { text: 'Theirs now' } } },
    })
    expect(update.body.data!.updateDraft.__typename).toBe('DraftNotFoundError')
    const remove = await graphql<{ deleteDraft: Payload }>(DELETE, { cookie: other.cookie, variables: { id: draft.id } })
    expect(remove.body.data!.deleteDraft.__typename).toBe('DraftNotFoundError')
    expect((await publishDraft(other.cookie, draft.id)).__typename).toBe('DraftNotFoundError')

    // Nor can a draft borrow another person's media.
    const theirPhoto = await upload(owner.userId)
    const borrowed = await createDraft(other.cookie, { media: [{ mediaId: theirPhoto }] })
    expect(borrowed).toEqual({
      __typename: 'InvalidInputError',
      issues: [{ field: 'media.0', message: `Item 1: no media item with the id ${theirPhoto} is yours. Upload it again.` }],
    })
    expect((await prisma.draft.findUniqueOrThrow({ where: { id: draft.id } })).text).toBe('Mine')
  })

  it('says in words what stops a draft from being published, and keeps it as it was', async () => {
    const user = await connectedUser(meta)
    const nowhere = await createDraft(user.cookie, { content: { text: 'Where to?' } })
    expect(await publishDraft(user.cookie, nowhere.id)).toMatchObject({
      __typename: 'InvalidInputError',
      issues: [{ field: 'platforms', message: 'Choose at least one place to publish to: Threads, Facebook, or both.' }],
    })
    const late = await createDraft(user.cookie, {
      platforms: ['THREADS'],
      content: { text: '' },
      scheduledAt: new Date(Date.now() - 60_000).toISOString(),
    })
    const refused = await publishDraft(user.cookie, late.id)
    expect(refused.__typename).toBe('InvalidInputError')
    expect(refused.issues).toEqual(
      expect.arrayContaining([
        { field: 'content.text', message: 'Write some text or add an image.' },
        { field: 'scheduledAt', message: 'Choose a time at least a minute from now, or publish now.' },
      ]),
    )
    const badLink = await createDraft(user.cookie, { content: { link: 'not an address' } })
    expect(badLink).toMatchObject({
      __typename: 'InvalidInputError',
      issues: [{ field: 'content.link', message: 'Enter the link as a full address, starting with https://.' }],
    })
    expect(await prisma.draft.count({ where: { id: { in: [nowhere.id, late.id] } } })).toBe(2)
    expect(await prisma.post.count({ where: { userId: user.userId } })).toBe(0)
  })

  it('becomes one post, once, when published twice at the same moment, and is gone afterwards', async () => {
    const user = await connectedUser(meta, { pages: 1 })
    const draft = await createDraft(user.cookie, {
      platforms: ['THREADS', 'FACEBOOK'],
      facebookPageIds: user.pageIds,
      content: { text: 'Sent twice, posted once' },
    })
    const [one, two] = await Promise.all([publishDraft(user.cookie, draft.id), publishDraft(user.cookie, draft.id)])
    expect(one.__typename).toBe('PublishPostResult')
    expect(two.__typename).toBe('PublishPostResult')
    expect(two.post!.id).toBe(one.post!.id)
    // A third request after the draft is gone answers with the same post too.
    expect((await publishDraft(user.cookie, draft.id)).post!.id).toBe(one.post!.id)
    expect(await prisma.post.count({ where: { userId: user.userId } })).toBe(1)
    expect(await prisma.draft.count({ where: { userId: user.userId } })).toBe(0)

    const settled = await waitUntil(
      () => prisma.publishTarget.findMany({ where: { postId: one.post!.id } }),
      (targets) => targets.every((target) => target.status === 'published'),
    )
    expect(settled).toHaveLength(2)
    const sent = (await meta.control.posts()).filter((post) => JSON.stringify(post).includes('Sent twice, posted once'))
    expect(sent.map((post) => post.platform).sort()).toEqual(['facebook', 'threads'])
  })

  it('keeps its media and alt text, into the scheduled post it becomes; retention keeps a draft’s media', async () => {
    const user = await connectedUser(meta, { pages: 1 })
    const photo = await upload(user.userId)
    const at = inAnHour()
    const draft = await createDraft(user.cookie, {
      platforms: ['FACEBOOK'],
      facebookPageIds: user.pageIds,
      content: { text: 'With a picture' },
      media: [{ mediaId: photo, altText: 'A gradient from blue to green' }],
      scheduledAt: at,
    })
    expect(draft.media).toEqual([{ position: 0, altText: 'A gradient from blue to green', media: { id: photo } }])

    // Long after its upload, a draft still needs the photo.
    const later = Date.now() + 400 * 24 * 60 * 60 * 1000
    await removeExpiredMedia({ now: later })
    expect(await prisma.media.count({ where: { id: photo } })).toBe(1)

    const published = await publishDraft(user.cookie, draft.id)
    expect(published.post).toMatchObject({
      status: 'SCHEDULED',
      text: 'With a picture',
      scheduledAt: at,
      media: [{ altText: 'A gradient from blue to green', media: { id: photo } }],
      targets: [{ platform: 'FACEBOOK', pageId: user.pageIds[0] }],
    })
    expect(await prisma.draftMedia.count({ where: { mediaId: photo } })).toBe(0)
  })

  it('keeps a text per network and Page, and each reaches only its own place when published', async () => {
    const user = await connectedUser(meta, { pages: 2 })
    const [first, second] = user.pageIds as [string, string]
    const draft = await createDraft(user.cookie, {
      platforms: ['THREADS', 'FACEBOOK'],
      facebookPageIds: [first, second],
      content: { text: 'The main text', threadsText: 'Short, for Threads', pageTexts: [{ pageId: second, text: 'Only the second Page' }] },
    })
    const read = await graphql<{
      draft: { threadsText: string; facebookText: string | null; pageTexts: { pageId: string; text: string }[] }
    }>(
      `
        query ($id: ID!) {
          draft(id: $id) {
            threadsText
            facebookText
            pageTexts {
              pageId
              text
            }
          }
        }
      `,
      { cookie: user.cookie, variables: { id: draft.id } },
    )
    expect(read.body.data!.draft).toEqual({
      threadsText: 'Short, for Threads',
      facebookText: null,
      pageTexts: [{ pageId: second, text: 'Only the second Page' }],
    })
    expect((await publishDraft(user.cookie, draft.id)).__typename).toBe('PublishPostResult')
    const threads = await waitUntil(
      async () => (await meta.control.posts({ platform: 'threads' })) as ThreadsPostRecord[],
      (posts) => posts.length === 1,
    )
    expect(threads.map((record) => record.text)).toEqual(['Short, for Threads'])
    const pages = await waitUntil(
      async () => (await meta.control.posts({ platform: 'facebook' })) as FacebookPostRecord[],
      (posts) => posts.length === 2,
    )
    const messageOn = (pageId: string) => pages.filter((record) => record.pageId === pageId).map((record) => record.message)
    expect(messageOn(first)).toEqual(['The main text'])
    expect(messageOn(second)).toEqual(['Only the second Page'])
  })

  it('goes with the account, media and all', async () => {
    const user = await connectedUser(meta)
    const photo = await upload(user.userId)
    const draft = await createDraft(user.cookie, { content: { text: 'Never sent' }, media: [{ mediaId: photo, altText: null }] })
    const response = await settle(
      deleteAccountAction(actionArgs(formRequest('/settings/delete-account', { password: PASSWORD }, { cookie: user.cookie }))),
    )
    expect(response.status).toBe(302)
    expect(await prisma.draft.count({ where: { id: draft.id } })).toBe(0)
    expect(await prisma.draftMedia.count({ where: { draftId: draft.id } })).toBe(0)
    expect(await prisma.media.count({ where: { id: photo } })).toBe(0)
    await expect(mediaStore().open(photo)).rejects.toThrow()
  })

  it('through the dashboard form: Save draft is the pressed button’s intent, and an opened draft sent twice publishes once', async () => {
    const user = await connectedUser(meta)
    const submit = (fields: [string, string][], path = '/dashboard') =>
      settle(
        dashboardAction(
          actionArgs(
            new Request(new URL(path, APP), {
              method: 'POST',
              headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: user.cookie },
              body: new URLSearchParams(fields),
            }),
          ),
        ),
      )
    const composed: [string, string][] = [
      ['intent', 'publish'],
      ['idempotencyKey', 'form-key'],
      ['text', 'Written in the composer'],
      ['platform', 'THREADS'],
      ['scheduledAt', ''],
      ['timeZone', 'UTC'],
    ]
    const saved = await submit([...composed, ['intent', 'saveDraft']])
    expect(saved.status).toBe(302)
    expect(saved.headers.get('location')).toBe('/drafts')
    expect(await prisma.post.count({ where: { userId: user.userId } })).toBe(0)
    const draft = await prisma.draft.findFirstOrThrow({ where: { userId: user.userId } })
    expect(draft).toMatchObject({ text: 'Written in the composer', platforms: ['threads'], scheduledAt: null })

    const opened = (await dashboardLoader(loaderArgs(getRequest(`/dashboard?draft=${draft.id}`, user.cookie)))) as unknown as {
      data: { savedDraft: { id: string; text: string } | null }
    }
    expect(opened.data.savedDraft).toMatchObject({ id: draft.id, text: 'Written in the composer' })

    const publishOpened: [string, string][] = [...composed.filter(([name]) => name !== 'text'), ['text', 'Finished'], ['draftId', draft.id]]
    const [one, two] = await Promise.all([
      submit([...publishOpened, ['when', 'now']], `/dashboard?draft=${draft.id}`),
      submit([...publishOpened, ['when', 'now']], `/dashboard?draft=${draft.id}`),
    ])
    expect([one.status, two.status]).toEqual([302, 302])
    expect(two.headers.get('location')).toBe(one.headers.get('location'))
    const posts = await prisma.post.findMany({ where: { userId: user.userId } })
    expect(posts.map((post) => post.text)).toEqual(['Finished'])
    expect(await prisma.draft.count({ where: { userId: user.userId } })).toBe(0)
  })
})
