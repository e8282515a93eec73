import { textLengths } from '#app/composer-checks.ts'
import type { Platform } from '#app/gql/graphql.ts'
import { THREADS_LINK_LIMIT, threadsLinks } from '#app/shared/content-rules.ts'

type Props = {
  id: string
  text: string
  /** The platforms that publish this text. */
  platforms: readonly Platform[]
  link: string
  hasMedia: boolean
}

const COUNTED_AS = { Threads: 'as Threads counts them', Facebook: 'on Facebook' } as const

/**
 * A text's length as each platform that publishes it counts it (Threads counts an emoji as
 * several), and those it is too long for. With media the link is added at the end of the text and
 * counted, and the counter says so. Screen readers hear only when the problem changes, not every key.
 */
export function TextCounter({ id, text, platforms, link, hasMedia }: Props) {
  const lengths = textLengths({ text, platforms, link, hasMedia })
  const tooLong = lengths
    .filter((entry) => entry.length > entry.limit)
    .map((entry) => `${entry.target} (by ${(entry.length - entry.limit).toLocaleString('en')})`)
  const links = platforms.includes('THREADS') ? threadsLinks(text, link).length : 0
  const problem = [
    tooLong.length > 0 ? `Too long for ${tooLong.join(' and ')}.` : '',
    links > THREADS_LINK_LIMIT ? `Threads allows ${THREADS_LINK_LIMIT} links; this has ${links}.` : '',
  ]
    .filter(Boolean)
    .join(' ')
  return (
    <div className="counter">
      <p id={id} className="counter-line">
        {lengths.map((entry, index) => (
          <span key={entry.target}>
            {index > 0 ? ' · ' : null}
            <span className={entry.length > entry.limit ? 'count over' : 'count'}>
              {entry.length.toLocaleString('en')} / {entry.limit.toLocaleString('en')}
            </span>{' '}
            <span className="muted">characters {COUNTED_AS[entry.target]}</span>
          </span>
        ))}
        {lengths.some((entry) => entry.linkAdded) ? (
          <span className="muted"> (with the link, added at the end: a post with a photo or video gets no link card)</span>
        ) : null}
      </p>
      <p className="counter-problem" aria-live="polite">
        {problem ? (
          <>
            <span aria-hidden="true">! </span>
            {problem}
          </>
        ) : null}
      </p>
    </div>
  )
}
