import { prisma } from '../db.ts'

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

/** Before the call that names every upload leaves (the carousel container). */
export function markAttached(targetId: string) {
  return prisma.targetMediaUpload.updateMany({ where: { targetId }, data: { attachedAt: new Date() } })
}

/** Starts over: the uploads expired, or were named by a call whose outcome is unknown. */
export function forgetUploads(targetId: string) {
  return prisma.targetMediaUpload.deleteMany({ where: { targetId } })
}
