import { textLengths } from '#app/composer-checks.ts'
import { THREADS_LINK_LIMIT, THREADS_TEXT_LIMIT, threadsLinks, threadsTextLength } from '#app/shared/content-rules.ts'
import type { ComposerValues } from '#app/publish-form.ts'

/**
 * The text's length as Threads counts it (an emoji counts as several), and the chosen targets the
 * text or its links are too long for. Screen readers hear only when that list changes, not every key.
 */
export function TextCounter({ id, values }: { id: string; values: ComposerValues }) {
  const length = threadsTextLength(values.text)
  const tooLong = textLengths(values)
    .filter((entry) => entry.length > entry.limit)
    .map((entry) => `${entry.target} (by ${(entry.length - entry.limit).toLocaleString('en')})`)
  const links = values.platforms.includes('THREADS') ? threadsLinks(values.text, values.link).length : 0
  const problem = [
    tooLong.length > 0 ? `Too long for ${tooLong.join(' and ')}.` : '',
    links > THREADS_LINK_LIMIT ? `Threads allows ${THREADS_LINK_LIMIT} links; this has ${links}.` : '',
  ]
    .filter(Boolean)
    .join(' ')
  return (
    <div className="counter">
      <p id={id} className="counter-line">
        <span className={length > THREADS_TEXT_LIMIT ? 'count over' : 'count'}>
          {length} / {THREADS_TEXT_LIMIT}
        </span>{' '}
        <span className="muted">characters as Threads counts them</span>
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
