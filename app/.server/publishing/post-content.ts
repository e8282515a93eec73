export type PostContent = { text: string; imageUrl: string | null; link: string | null }

/**
 * The text to send. Link cards exist only on text posts, so with an image the link goes into the
 * text itself (unless the text already has it).
 */
export function textFor(post: PostContent): string {
  if (post.imageUrl && post.link && !post.text.includes(post.link)) return `${post.text}\n${post.link}`.trim()
  return post.text
}
