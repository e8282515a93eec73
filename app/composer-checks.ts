import { FACEBOOK_TEXT_LIMIT, THREADS_LINK_LIMIT, THREADS_TEXT_LIMIT, threadsLinks, threadsTextLength } from '#app/shared/content-rules.ts'
import type { ComposerField, ComposerValues } from '#app/publish-form.ts'

/**
 * What the composer checks as the person types, before the server does: the same rules, counted the
 * same way (content-rules.ts), so the Publish button is only enabled for a post the API accepts.
 */
export type TextLength = { target: 'Threads' | 'Facebook'; length: number; limit: number }

/** The text's length as each chosen platform counts it. */
export function textLengths(values: Pick<ComposerValues, 'text' | 'platforms'>): TextLength[] {
  const lengths: TextLength[] = []
  if (values.platforms.includes('THREADS'))
    lengths.push({ target: 'Threads', length: threadsTextLength(values.text), limit: THREADS_TEXT_LIMIT })
  if (values.platforms.includes('FACEBOOK'))
    lengths.push({ target: 'Facebook', length: [...values.text].length, limit: FACEBOOK_TEXT_LIMIT })
  return lengths
}

export type ComposerProblem = { field: ComposerField; message: string }

export function composerProblems(values: ComposerValues): ComposerProblem[] {
  const problems: ComposerProblem[] = []
  if (values.platforms.length === 0) problems.push({ field: 'platforms', message: 'Choose where to publish.' })
  if (values.platforms.includes('FACEBOOK') && values.pageIds.length === 0)
    problems.push({ field: 'pageIds', message: 'Choose at least one Facebook Page.' })
  if (!values.text.trim() && !values.imageUrl) problems.push({ field: 'text', message: 'Write some text or add an image.' })
  for (const { target, length, limit } of textLengths(values)) {
    if (length > limit) problems.push({ field: 'text', message: `Too long for ${target}: shorten it by ${length - limit}.` })
  }
  if (values.platforms.includes('THREADS')) {
    const links = threadsLinks(values.text, values.link).length
    if (links > THREADS_LINK_LIMIT)
      problems.push({ field: 'text', message: `Threads allows ${THREADS_LINK_LIMIT} links; this post has ${links}.` })
  }
  if (values.imageUrl && !/^https?:\/\/\S+$/i.test(values.imageUrl))
    problems.push({ field: 'imageUrl', message: 'Enter the full image address, starting with https://.' })
  if (values.link && !/^https?:\/\/\S+$/i.test(values.link))
    problems.push({ field: 'link', message: 'Enter the full link, starting with https://.' })
  return problems
}
