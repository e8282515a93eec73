import { prisma } from '../db.ts'
import { getEnv } from '../env.ts'
import { errorFields, logEvent } from '../log.ts'
import { mediaStore, type MediaStore } from './media-store.ts'

const DAY_MS = 24 * 60 * 60 * 1000
const BATCH = 500

/**
 * The media no post needs any more, `retentionDays` on: never used and uploaded before then, or
 * used only by posts that settled before then (every target published or failed, or the post
 * cancelled). A draft (docs/decisions/025-drafts.md), a scheduled post (no target started, or none
 * at all) and a target still on its way or unconfirmed keep their media.
 */
function expiredMedia(cutoff: Date) {
  return prisma.$queryRaw<{ id: string }[]>`
    SELECT m.id FROM "Media" m
    WHERE m."createdAt" < ${cutoff}
      AND NOT EXISTS (SELECT 1 FROM "DraftMedia" dm WHERE dm."mediaId" = m.id)
      AND NOT EXISTS (
        SELECT 1 FROM "PostMedia" pm JOIN "Post" p ON p.id = pm."postId"
        WHERE pm."mediaId" = m.id
          AND (
            (p."cancelledAt" IS NOT NULL AND p."cancelledAt" >= ${cutoff})
            OR (p."cancelledAt" IS NULL AND (
              NOT EXISTS (SELECT 1 FROM "PublishTarget" t WHERE t."postId" = p.id)
              OR EXISTS (
                SELECT 1 FROM "PublishTarget" t
                WHERE t."postId" = p.id AND (t.status NOT IN ('published', 'failed') OR t."updatedAt" >= ${cutoff})
              )
            ))
          )
      )
    LIMIT ${BATCH}`
}

/**
 * Removes expired media: first the rows (the post keeps its text and results; its media list is
 * then empty), then the bytes, so nothing is ever served without its bytes. Bytes whose removal
 * fails are logged and left behind; nothing refers to them any more.
 */
export async function removeExpiredMedia(
  options: { now?: number; retentionDays?: number; store?: MediaStore } = {},
): Promise<{ removed: number }> {
  const cutoff = new Date((options.now ?? Date.now()) - (options.retentionDays ?? getEnv().MEDIA_RETENTION_DAYS) * DAY_MS)
  const store = options.store ?? mediaStore()
  let removed = 0
  for (;;) {
    const ids = (await expiredMedia(cutoff)).map((row) => row.id)
    if (ids.length === 0) return { removed }
    await prisma.$transaction([
      prisma.postMedia.deleteMany({ where: { mediaId: { in: ids } } }),
      prisma.media.deleteMany({ where: { id: { in: ids } } }),
    ])
    for (const id of ids) {
      await store.remove(id).catch((error: unknown) => logEvent('error', 'media.remove_failed', { mediaId: id, ...errorFields(error) }))
    }
    removed += ids.length
    if (ids.length < BATCH) return { removed }
  }
}
