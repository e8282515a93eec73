import { z } from 'zod'
import { FACEBOOK_TEXT_LIMIT, THREADS_LINK_LIMIT, THREADS_TEXT_LIMIT, threadsLinks, threadsTextLength } from '#app/shared/content-rules.ts'

/*
 * The content rules of a post, in one wording: the composer runs this schema as the person types
 * and the server runs it before it records a post, so the Publish button is enabled exactly for
 * posts the API accepts. What needs the server (the image's address resolving to a public host,
 * the chosen accounts) is checked there, after these rules.
 */

/**
 * Text Meta and the database can take as sent: no NUL character (PostgreSQL refuses it) and no
 * lone UTF-16 surrogate (left over from broken encoding; it would be published as U+FFFD).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

export const wellFormed = (schema: z.ZodString) =>
  schema
    .refine((value) => !value.includes('\u0000'), 'Remove the NUL character (U+0000); it cannot be published.')
    .refine(
      (value) => !LONE_SURROGATE.test(value),
      'This contains a broken character (a lone UTF-16 surrogate, usually from a bad copy or encoding). Remove it or type it again.',
    )

const optionalText = wellFormed(z.string())
  .trim()
  .nullish()
  .transform((value) => value || null)

const webAddress = (error: string) =>
  z
    .url({ protocol: /^https?$/, error })
    .max(2048, 'The address is too long.')
    .nullable()

/** The fields the rules read, shaped as `publishPost`'s input with the platforms in lower case. */
export const postContentFields = {
  platforms: z
    .array(z.enum(['threads', 'facebook']))
    .min(1, 'Choose at least one place to publish to: Threads, Facebook, or both.')
    .transform((list) => [...new Set(list)]),
  content: z.object({
    text: wellFormed(z.string()).default(''),
    imageUrl: optionalText.pipe(webAddress('Enter the full address of the image, starting with https://.')),
    link: optionalText.pipe(webAddress('Enter the link as a full address, starting with https://.')),
  }),
  facebookPageIds: z
    .array(z.string().trim().min(1))
    .nullish()
    .transform((ids) => [...new Set(ids ?? [])]),
  /** Uploaded media items in the order they appear, each with its alt text for this post. */
  media: z
    .array(z.object({ mediaId: z.string().trim().min(1, 'Choose the media item again.'), altText: optionalText }))
    .nullish()
    .transform((items) => items ?? []),
}

export type PostContent = z.output<z.ZodObject<typeof postContentFields>>

export type ContentIssue = { path: string[]; message: string }

/**
 * The rules across fields, once every field is well formed. The composer meets them through
 * PostContentSchema; the server reports them together with what only it can check.
 */
export function contentRuleIssues(post: PostContent): ContentIssue[] {
  const issues: ContentIssue[] = []
  const issue = (path: string[], message: string) => issues.push({ path, message })
  const { text, imageUrl, link } = post.content
  const hasMedia = Boolean(imageUrl) || post.media.length > 0
  const wantsFacebook = post.platforms.includes('facebook')
  if (wantsFacebook && post.facebookPageIds.length === 0) issue(['facebookPageIds'], 'Choose at least one Facebook Page.')
  if (!wantsFacebook && post.facebookPageIds.length > 0)
    issue(['facebookPageIds'], 'Tick Facebook as a platform to publish to these Pages, or leave them out.')
  if (!text.trim() && !hasMedia) issue(['content', 'text'], 'Write some text or add an image.')
  if (post.platforms.includes('threads')) {
    const length = threadsTextLength(text)
    if (length > THREADS_TEXT_LIMIT)
      issue(
        ['content', 'text'],
        `Threads allows ${THREADS_TEXT_LIMIT} characters and counts each emoji as several; this text counts ${length}. Shorten it by ${length - THREADS_TEXT_LIMIT}.`,
      )
    const links = threadsLinks(text, link).length
    if (links > THREADS_LINK_LIMIT)
      issue(['content', 'text'], `Threads allows at most ${THREADS_LINK_LIMIT} links in a post; this one has ${links}.`)
  }
  const characters = [...text].length
  if (wantsFacebook && characters > FACEBOOK_TEXT_LIMIT)
    issue(
      ['content', 'text'],
      `Facebook allows ${FACEBOOK_TEXT_LIMIT} characters; this text has ${characters}. Shorten it by ${characters - FACEBOOK_TEXT_LIMIT}.`,
    )
  return issues
}

/** A post's content and destinations, with every content rule. */
export const PostContentSchema = z.object(postContentFields).transform((post, ctx) => {
  for (const { path, message } of contentRuleIssues(post)) ctx.addIssue({ code: 'custom', path, message })
  return post
})

export type PostContentInput = z.input<typeof PostContentSchema>
