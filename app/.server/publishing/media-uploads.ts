import { prisma } from '../db.ts'
import type { PublishMedia } from './post-content.ts'

/**
 * What a target made of each media item at Meta before the post itself (Threads carousel children,
 * unpublished Facebook photos), one row per position, written around each call so that a resumed
 * target reuses what exists (docs/decisions/020-media.md).
 */
export function uploadsOf(targetId: string) {
  return prisma.targetMediaUpload.findMany({ where: { targetId }, orderBy: { position: 'asc' } })
}

export type MediaUploadRow = Awaited<ReturnType<typeof uploadsOf>>[number]

/** Before the call leaves: a row with `sentAt` and no id is an upload whose answer never came. */
export function markSent(targetId: string, position: number) {
  const sentAt = new Date()
  return prisma.targetMediaUpload.upsert({
    where: { targetId_position: { targetId, position } },
    create: { targetId, position, sentAt },
    update: { sentAt, platformMediaId: null, attachedAt: null },
  })
}

export function recordUploaded(targetId: string, position: number, platformMediaId: string) {
  return prisma.targetMediaUpload.update({ where: { targetId_position: { targetId, position } }, data: { platformMediaId } })
}

/**
 * Meta's id for each item, in order: the one recorded, or one `create` makes now, its row marked
 * sent before the call. A row sent but without an id is a call whose answer was lost; what it may
 * have made is inert and never named, so a new one is made (docs/decisions/020-media.md).
 */
export async function uploadEach(
  targetId: string,
  items: readonly PublishMedia[],
  uploads: readonly MediaUploadRow[],
  create: (item: PublishMedia) => Promise<string>,
): Promise<string[]> {
  const ids: string[] = []
  for (const item of items) {
    const known = uploads.find((upload) => upload.position === item.position)?.platformMediaId
    if (known) {
      ids.push(known)
      continue
    }
    await markSent(targetId, item.position)
    const id = await create(item)
    await recordUploaded(targetId, item.position, id)
    ids.push(id)
  }
  return ids
}

/** Before the call that names every upload leaves (the carousel container). */
export function markAttached(targetId: string) {
  return prisma.targetMediaUpload.updateMany({ where: { targetId }, data: { attachedAt: new Date() } })
}

/** Starts over: the uploads expired, or were named by a call whose outcome is unknown. */
export function forgetUploads(targetId: string) {
  return prisma.targetMediaUpload.deleteMany({ where: { targetId } })
}
