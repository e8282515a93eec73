import { z } from 'zod'
import { postContentFields } from '#app/shared/post-content-schema.ts'
import type { Prisma } from '#prisma/generated/client/client.ts'
import { prisma } from '../db.ts'
import { InvalidInputError, type InputIssue } from '../errors.ts'
import { findPost, publishPost, type PublishOptions } from './publish-post.ts'
import type { PublishRequest } from './prepare-post.ts'

export class DraftNotFoundError extends Error {
  override name = 'DraftNotFoundError'
  constructor() {
    super('No draft with that id exists on your account. It may have been published or deleted.')
  }
}

/**
 * What a draft keeps. Only what would make it unreadable is refused (a malformed address, a broken
 * character, another person's media): the rules of publishing apply when it is published.
 */
const DraftSchema = z.object({
  platforms: z
    .array(z.enum(['threads', 'facebook']))
    .nullish()
    .transform((list) => [...new Set(list ?? [])]),
  content: postContentFields.content,
  facebookPageIds: postContentFields.facebookPageIds,
  media: postContentFields.media,
  scheduledAt: z.date().nullish(),
})

export type DraftRequest = z.input<typeof DraftSchema>

const withMedia = { media: { orderBy: { position: 'asc' } } } satisfies Prisma.DraftInclude

/** A draft's media must be the viewer's own; another person's id reads like one that does not exist. */
async function mediaIssues(userId: string, media: readonly { mediaId: string }[]): Promise<InputIssue[]> {
  if (media.length === 0) return []
  const own = await prisma.media.findMany({ where: { userId, id: { in: media.map((item) => item.mediaId) } }, select: { id: true } })
  const ids = new Set(own.map((row) => row.id))
  return media.flatMap((item, index) =>
    ids.has(item.mediaId)
      ? []
      : [{ field: `media.${index}`, message: `Item ${index + 1}: no media item with the id ${item.mediaId} is yours. Upload it again.` }],
  )
}

async function draftColumns(userId: string, request: DraftRequest) {
  const parsed = DraftSchema.safeParse(request)
  if (!parsed.success) {
    throw new InvalidInputError(parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || 'input', message: issue.message })))
  }
  const { content, platforms, facebookPageIds, media, scheduledAt } = parsed.data
  const issues = await mediaIssues(userId, media)
  if (issues.length > 0) throw new InvalidInputError(issues)
  return {
    columns: {
      text: content.text,
      imageUrl: content.imageUrl,
      link: content.link,
      threadsText: content.threadsText ?? null,
      facebookText: content.facebookText ?? null,
      pageTexts: content.pageTexts,
      platforms,
      facebookPageIds,
      scheduledAt: scheduledAt ?? null,
    },
    media: media.map((item, position) => ({ mediaId: item.mediaId, altText: item.altText, position })),
  }
}

export function findDraft(userId: string, draftId: string) {
  return prisma.draft.findFirst({ where: { id: draftId, userId }, include: withMedia })
}

export async function createDraft(userId: string, request: DraftRequest) {
  const { columns, media } = await draftColumns(userId, request)
  return prisma.draft.create({ data: { userId, ...columns, media: { createMany: { data: media } } }, include: withMedia })
}

/** Replaces everything a draft keeps with `request`, as the composer sends the whole post. */
export async function updateDraft(userId: string, draftId: string, request: DraftRequest) {
  const { columns, media } = await draftColumns(userId, request)
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.draft.updateMany({ where: { id: draftId, userId }, data: columns })
    if (count === 0) throw new DraftNotFoundError()
    await tx.draftMedia.deleteMany({ where: { draftId } })
    await tx.draftMedia.createMany({ data: media.map((item) => ({ ...item, draftId })) })
    return tx.draft.findUniqueOrThrow({ where: { id: draftId }, include: withMedia })
  })
}

/** Deletes a draft; its media stays with the person (retention removes it once nothing uses it). */
export async function deleteDraft(userId: string, draftId: string): Promise<string> {
  const { count } = await prisma.draft.deleteMany({ where: { id: draftId, userId } })
  if (count === 0) throw new DraftNotFoundError()
  return draftId
}

/**
 * The idempotency key of the post a draft becomes: every attempt to publish one draft names the
 * same key, so however many arrive (a double submit, two tabs, a retried request), one post is
 * recorded and every attempt answers with it.
 */
function postKeyOf(draftId: string): string {
  return `draft:${draftId}`
}

const PageTexts = z.array(z.object({ pageId: z.string(), text: z.string().nullish() }))

/** A draft's own text per Page, as stored by draftColumns. */
export function pageTextsOf(draft: { pageTexts: Prisma.JsonValue }): { pageId: string; text: string | null }[] {
  return PageTexts.parse(draft.pageTexts).map(({ pageId, text }) => ({ pageId, text: text ?? null }))
}

function publishRequest(draft: NonNullable<Awaited<ReturnType<typeof findDraft>>>): PublishRequest {
  return {
    platforms: draft.platforms,
    content: {
      text: draft.text,
      imageUrl: draft.imageUrl,
      link: draft.link,
      threadsText: draft.threadsText,
      facebookText: draft.facebookText,
      pageTexts: pageTextsOf(draft),
    },
    facebookPageIds: draft.facebookPageIds,
    media: draft.media.map((item) => ({ mediaId: item.mediaId, altText: item.altText })),
    scheduledAt: draft.scheduledAt,
    idempotencyKey: postKeyOf(draft.id),
  }
}

/**
 * Publishes a draft now, or schedules it for its time, checked exactly as publishPost checks a
 * post; once recorded, the draft is gone and the post has its media. A draft already published
 * answers with the post it became. A refused draft stays as it was, to be fixed.
 */
export async function publishDraft(userId: string, draftId: string, options: PublishOptions & { allOrNothing?: boolean | null } = {}) {
  const { allOrNothing, ...publishOptions } = options
  const draft = await findDraft(userId, draftId)
  if (!draft) {
    const published = await prisma.post.findUnique({
      where: { userId_idempotencyKey: { userId, idempotencyKey: postKeyOf(draftId) } },
      select: { id: true },
    })
    if (!published) throw new DraftNotFoundError()
    return (await findPost(userId, published.id))!
  }
  const post = await publishPost(userId, { ...publishRequest(draft), allOrNothing }, publishOptions)
  await prisma.draft.deleteMany({ where: { id: draftId, userId } })
  return post
}
