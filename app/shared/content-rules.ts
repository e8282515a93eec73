/**
 * Threads' content limits (meta-api.md §1.10) and Facebook's text limit, shared by the server's
 * validation and the composer's live counter so both count the same way.
 */
export const THREADS_TEXT_LIMIT = 500
export const THREADS_LINK_LIMIT = 5
/** Facebook's own limit for a Page post's text, in characters. */
export const FACEBOOK_TEXT_LIMIT = 63_206

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' })
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u
const encoder = new TextEncoder()

/** Length as Threads counts it: an emoji counts as its UTF-8 byte length, anything else once. */
export function threadsTextLength(text: string): number {
  let length = 0
  for (const { segment } of graphemes.segment(text)) {
    length += EMOJI.test(segment) ? encoder.encode(segment).length : [...segment].length
  }
  return length
}

const URL_IN_TEXT = /\b(?:https?:\/\/|www\.)[^\s<>"']+/giu

function linkIdentity(link: string): string {
  return link
    .replace(/[.,;:!?)\]}'"]+$/u, '')
    .replace(/^https?:\/\/(www\.)?/i, '')
    .replace(/^www\./i, '')
    .replace(/\/$/, '')
    .toLowerCase()
}

/** The distinct links Threads would count: those in the text plus the link attachment. */
export function threadsLinks(text: string, link?: string | null): string[] {
  const found = [...text.matchAll(URL_IN_TEXT)].map((match) => match[0])
  if (link) found.push(link)
  return [...new Set(found.map(linkIdentity).filter(Boolean))]
}

/**
 * The text as a target sends it. Meta shows a link card only on a post without photos or videos
 * (Threads' `link_attachment` is for TEXT posts only, and a Facebook photo post has no link), so
 * with media the link goes at the end of the text, where it counts toward the limit like the rest.
 */
export function sentText(text: string, link: string | null | undefined, hasMedia: boolean): string {
  if (hasMedia && link && !text.includes(link)) return `${text}\n${link}`.trim()
  return text
}
