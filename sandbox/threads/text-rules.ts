export const TEXT_LIMIT = 500
export const LINK_LIMIT = 5

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' })
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u

/**
 * Length as Threads counts it toward the 500 limit: an emoji counts as its UTF-8 byte length
 * (👍 is 4, 👍🏽 is 8, a ZWJ family more); any other character counts once.
 */
export function threadsTextLength(text: string): number {
  let length = 0
  for (const { segment } of segmenter.segment(text)) {
    length += EMOJI.test(segment) ? Buffer.byteLength(segment, 'utf8') : [...segment].length
  }
  return length
}

const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"']+/giu

function normalizeLink(link: string): string {
  return link
    .replace(/[.,;:!?)\]}'"]+$/u, '')
    .replace(/^https?:\/\//i, '')
    .replace(/^www\./i, '')
    .replace(/\/$/, '')
    .toLowerCase()
}

/** The distinct links a post carries: those in its text plus its link attachment. */
export function uniqueLinks(text: string | null, linkAttachment: string | null): string[] {
  const found = [...(text ?? '').matchAll(URL_PATTERN)].map((match) => match[0])
  if (linkAttachment) found.push(linkAttachment)
  return [...new Set(found.map(normalizeLink).filter(Boolean))]
}
