import { FACEBOOK_TEXT_LIMIT, THREADS_TEXT_LIMIT } from '#app/shared/content-rules.ts'
import type { Platform } from '#app/gql/graphql.ts'
import { composerErrors, publishInput, type ComposerField, type ComposerValues } from '#app/publish-form.ts'
import { mediaIssues } from '#app/shared/media-rules.ts'
import { PostContentSchema, sentLength } from '#app/shared/post-content-schema.ts'

/**
 * What the composer checks as the person types, before the server does: the server's own content
 * schema (shared/post-content-schema.ts), so the Publish button is only enabled for a post the API
 * accepts, and the words are the ones the API would answer with.
 */
export type TextLength = { target: 'Threads' | 'Facebook'; length: number; limit: number; linkAdded: boolean }

/**
 * A text's length as each of the platforms counts it, as it is sent: with media, the link is added
 * at its end and counted (shared/post-content-schema.ts `sentLength`).
 */
export function textLengths(values: { text: string; platforms: readonly Platform[]; link?: string; hasMedia?: boolean }): TextLength[] {
  const count = (platform: 'threads' | 'facebook') => sentLength(platform, values.text, values.link || null, values.hasMedia ?? false)
  const lengths: TextLength[] = []
  if (values.platforms.includes('THREADS')) lengths.push({ target: 'Threads', limit: THREADS_TEXT_LIMIT, ...count('threads') })
  if (values.platforms.includes('FACEBOOK')) lengths.push({ target: 'Facebook', limit: FACEBOOK_TEXT_LIMIT, ...count('facebook') })
  return lengths
}

export type ComposerProblem = { field: ComposerField; message: string }

/** What the media rules read of an item the composer knows the details of (all uploaded ones). */
export function mediaFacts(item: ComposerValues['media'][number]) {
  const { details } = item
  if (!details) return []
  return [
    {
      kind: details.kind === 'VIDEO' ? ('video' as const) : ('image' as const),
      mimeType: details.mimeType,
      sizeBytes: details.sizeBytes,
      durationMs: details.durationMs ?? null,
      fileName: details.fileName ?? null,
      altText: item.altText || null,
    },
  ]
}

export function composerProblems(values: ComposerValues): ComposerProblem[] {
  const input = publishInput(values)
  const parsed = PostContentSchema.safeParse({
    platforms: input.platforms.map((platform) => (platform === 'THREADS' ? 'threads' : 'facebook')),
    content: input.content,
    facebookPageIds: input.facebookPageIds,
    media: input.media,
  })
  const issues = parsed.success ? [] : parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message }))
  const platforms = values.platforms.map((platform) => (platform === 'THREADS' ? ('threads' as const) : ('facebook' as const)))
  for (const issue of mediaIssues(values.media.flatMap(mediaFacts), platforms)) issues.push({ field: 'media', message: issue.message })
  const { fields } = composerErrors(issues, values)
  return Object.entries(fields).flatMap(([field, message]) => (message ? [{ field: field as ComposerField, message }] : []))
}
