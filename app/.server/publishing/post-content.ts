import { sentText } from '#app/shared/content-rules.ts'
import type { MediaKind } from '#prisma/generated/client/enums.ts'

/** The columns of a post that publishing reads. */
export type PostContent = { text: string; imageUrl: string | null; link: string | null }

/**
 * One media item as a target sends it: a stored item (`mediaId`, served at `url`) or the
 * deprecated remote `imageUrl`, which has no id and is only known by its address.
 */
export type PublishMedia = {
  position: number
  kind: MediaKind
  mediaId: string | null
  url: string
  mimeType: string | null
  fileName: string | null
  altText: string | null
}

/** What a target publishes: the text, the link and the media in order. */
export type PublishContent = { text: string; link: string | null; media: readonly PublishMedia[] }

/** The text to send: with media, the link at its end (shared/content-rules.ts `sentText`). */
export function textFor(post: PublishContent): string {
  return sentText(post.text, post.link, post.media.length > 0)
}

/** The text a target publishes: its own, when the person customised it for its network or Page, else the post's. */
export function targetText(target: { text: string | null }, post: { text: string }): string {
  return target.text ?? post.text
}

/** "Item 2 (beach.jpg)": how messages name an item, as the composer numbers them. */
export function itemLabel(item: PublishMedia): string {
  return `Item ${item.position + 1}${item.fileName ? ` (${item.fileName})` : ''}`
}
