import { prisma } from '../db.ts'
import { mediaUrl } from '../media/media-view.ts'
import { mediaStore } from '../media/media-store.ts'
import type { PostContent, PublishContent, PublishMedia } from './post-content.ts'

/** The post's media in order; a post from before media items, with only `imageUrl`, has that one remote image. */
export async function publishContent(postId: string, post: PostContent): Promise<PublishContent> {
  const rows = await prisma.postMedia.findMany({
    where: { postId },
    orderBy: { position: 'asc' },
    include: { media: { select: { kind: true, mimeType: true, fileName: true } } },
  })
  const media: PublishMedia[] = rows.map((row) => ({
    position: row.position,
    kind: row.media.kind,
    mediaId: row.mediaId,
    url: mediaUrl(row.mediaId),
    mimeType: row.media.mimeType,
    fileName: row.media.fileName,
    altText: row.altText,
  }))
  if (media.length === 0 && post.imageUrl) {
    media.push({ position: 0, kind: 'image', mediaId: null, url: post.imageUrl, mimeType: null, fileName: null, altText: null })
  }
  return { text: post.text, link: post.link, media }
}

/** A stored item's bytes for a multipart upload to Meta, or null for a remote item (sent by address). */
export async function mediaUpload(item: PublishMedia): Promise<{ blob: Blob; fileName: string } | null> {
  if (!item.mediaId || !item.mimeType) return null
  const extension = item.mimeType.split('/')[1] ?? 'bin'
  return { blob: await mediaStore().blob(item.mediaId, item.mimeType), fileName: item.fileName ?? `${item.mediaId}.${extension}` }
}
