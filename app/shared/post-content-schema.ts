import { z } from 'zod'
import {
  FACEBOOK_TEXT_LIMIT,
  sentText,
  THREADS_LINK_LIMIT,
  THREADS_TEXT_LIMIT,
  threadsLinks,
  threadsTextLength,
} from '#app/shared/content-rules.ts'

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
    /** Threads' own text instead of `text`; empty sends `text`. */
    threadsText: optionalText,
    /** Every Page's own text instead of `text`, unless the Page has its own in `pageTexts`. */
    facebookText: optionalText,
    /** One Page's own text, ahead of `facebookText` and `text`. */
    pageTexts: z
      .array(z.object({ pageId: z.string().trim().min(1, 'Name the Page this text is for.'), text: optionalText }))
      .nullish()
      .transform((list) => list ?? []),
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

type Content = PostContent['content']

/**
 * The text a target publishes instead of the post's own, or null for the post's own: Threads'
 * text, or a Page's own text, else the one for every Page.
 */
export function customTextFor(content: Content, platform: 'threads' | 'facebook', pageId?: string): string | null {
  if (platform === 'threads') return content.threadsText
  return content.pageTexts.find((entry) => entry.pageId === pageId)?.text ?? content.facebookText
}

/** One text a post sends, where it goes, and the input field it came from (for the issues). */
export type TextVariant = { platform: 'threads' | 'facebook'; path: string[]; text: string }

/** Each distinct text the chosen targets send, named by the field it came from. */
export function textVariants(post: PostContent): TextVariant[] {
  const { content } = post
  const variants: TextVariant[] = []
  if (post.platforms.includes('threads'))
    variants.push({
      platform: 'threads',
      path: ['content', content.threadsText ? 'threadsText' : 'text'],
      text: content.threadsText ?? content.text,
    })
  if (!post.platforms.includes('facebook')) return variants
  const ownText = (pageId: string) => content.pageTexts.some((entry) => entry.pageId === pageId && entry.text)
  if (post.facebookPageIds.length === 0 || post.facebookPageIds.some((pageId) => !ownText(pageId)))
    variants.push({
      platform: 'facebook',
      path: ['content', content.facebookText ? 'facebookText' : 'text'],
      text: content.facebookText ?? content.text,
    })
  content.pageTexts.forEach((entry, index) => {
    if (entry.text && post.facebookPageIds.includes(entry.pageId))
      variants.push({ platform: 'facebook', path: ['content', 'pageTexts', String(index), 'text'], text: entry.text })
  })
  return variants
}

/** The length of `text` as `platform` counts it, as sent (with media, the link at its end). */
export function sentLength(platform: 'threads' | 'facebook', text: string, link: string | null, hasMedia: boolean) {
  const sent = sentText(text, link, hasMedia)
  return { length: platform === 'threads' ? threadsTextLength(sent) : [...sent].length, linkAdded: sent !== text }
}

const LINK_ADDED = ' with the link Duopost adds at its end (a post with a photo or video gets no link card)'

function variantIssues({ platform, path, text }: TextVariant, link: string | null, hasMedia: boolean): ContentIssue[] {
  const issues: ContentIssue[] = []
  const { length, linkAdded } = sentLength(platform, text, link, hasMedia)
  const counted = linkAdded ? LINK_ADDED : ''
  if (platform === 'threads') {
    if (length > THREADS_TEXT_LIMIT)
      issues.push({
        path,
        message: `Threads allows ${THREADS_TEXT_LIMIT} characters and counts each emoji as several; this text counts ${length}${counted}. Shorten it by ${length - THREADS_TEXT_LIMIT}.`,
      })
    const links = threadsLinks(text, link).length
    if (links > THREADS_LINK_LIMIT)
      issues.push({ path, message: `Threads allows at most ${THREADS_LINK_LIMIT} links in a post; this one has ${links}.` })
  } else if (length > FACEBOOK_TEXT_LIMIT)
    issues.push({
      path,
      message: `Facebook allows ${FACEBOOK_TEXT_LIMIT} characters; this text has ${length}${counted}. Shorten it by ${length - FACEBOOK_TEXT_LIMIT}.`,
    })
  return issues
}

/**
 * The rules across fields, once every field is well formed. The composer meets them through
 * PostContentSchema; the server reports them together with what only it can check. Each text a
 * target sends is counted as its network counts it, and an issue names the field it came from.
 */
export function contentRuleIssues(post: PostContent): ContentIssue[] {
  const issues: ContentIssue[] = []
  const issue = (path: string[], message: string) => issues.push({ path, message })
  const { imageUrl, link, threadsText, facebookText, pageTexts } = post.content
  const hasMedia = Boolean(imageUrl) || post.media.length > 0
  const wantsFacebook = post.platforms.includes('facebook')
  if (wantsFacebook && post.facebookPageIds.length === 0) issue(['facebookPageIds'], 'Choose at least one Facebook Page.')
  if (!wantsFacebook && post.facebookPageIds.length > 0)
    issue(['facebookPageIds'], 'Tick Facebook as a platform to publish to these Pages, or leave them out.')
  if (threadsText && !post.platforms.includes('threads'))
    issue(['content', 'threadsText'], 'Tick Threads as a platform to publish this text there, or leave it out.')
  if (facebookText && !wantsFacebook)
    issue(['content', 'facebookText'], 'Tick Facebook as a platform to publish this text there, or leave it out.')
  pageTexts.forEach((entry, index) => {
    if (entry.text && !post.facebookPageIds.includes(entry.pageId))
      issue(['content', 'pageTexts', String(index), 'pageId'], 'Choose this Page to publish its own text there, or leave the text out.')
  })
  const variants = textVariants(post)
  if (!hasMedia && variants.some((variant) => !variant.text.trim())) issue(['content', 'text'], 'Write some text or add an image.')
  for (const variant of variants) issues.push(...variantIssues(variant, link, hasMedia))
  return issues
}

/** A post's content and destinations, with every content rule. */
export const PostContentSchema = z.object(postContentFields).transform((post, ctx) => {
  for (const { path, message } of contentRuleIssues(post)) ctx.addIssue({ code: 'custom', path, message })
  return post
})

export type PostContentInput = z.input<typeof PostContentSchema>
