import { mediaIssues, type MediaPlatform } from '#app/shared/media-rules.ts'
import { prisma } from '../db.ts'
import type { InputIssue } from '../errors.ts'

export type PreparedMedia = { mediaId: string; altText: string | null }

/**
 * The request's media items, checked before anything is recorded or sent: each must be one of the
 * viewer's own items (another person's id reads exactly like one that does not exist), and the
 * set must meet every platform's rules (app/shared/media-rules.ts), each issue naming the item.
 */
export async function resolvePostMedia(
  userId: string,
  requested: readonly { mediaId: string; altText: string | null }[],
  platforms: readonly MediaPlatform[],
): Promise<{ items: PreparedMedia[]; issues: InputIssue[] }> {
  if (requested.length === 0) return { items: [], issues: [] }
  const rows = await prisma.media.findMany({ where: { userId, id: { in: requested.map((item) => item.mediaId) } } })
  const byId = new Map(rows.map((row) => [row.id, row]))
  const issues: InputIssue[] = []
  requested.forEach((item, index) => {
    if (!byId.has(item.mediaId)) {
      issues.push({
        field: `media.${index}`,
        message: `Item ${index + 1}: no media item with the id ${item.mediaId} is yours. Upload it again.`,
      })
    }
  })
  if (issues.length > 0) return { items: [], issues }
  const facts = requested.map((item) => {
    const row = byId.get(item.mediaId)!
    return {
      kind: row.kind,
      mimeType: row.mimeType,
      sizeBytes: Number(row.sizeBytes),
      durationMs: row.durationMs,
      fileName: row.fileName,
      altText: item.altText,
    }
  })
  for (const issue of mediaIssues(facts, platforms)) {
    issues.push({ field: issue.index === null ? 'media' : `media.${issue.index}`, message: issue.message })
  }
  return { items: requested.map(({ mediaId, altText }) => ({ mediaId, altText })), issues }
}
