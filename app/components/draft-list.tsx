import { Link } from '@remix-run/react'
import type { DraftFieldsFragment } from '#app/gql/graphql.ts'
import { excerpt } from '#app/post-summary.ts'
import { IntentForm } from './intent-form.tsx'
import { ZonedTime } from './zoned-time.tsx'

/** Where a draft is to go, in words: "Threads and 2 Facebook Pages". */
export function draftPlaces(draft: Pick<DraftFieldsFragment, 'platforms' | 'facebookPageIds'>): string {
  const places: string[] = []
  if (draft.platforms.includes('THREADS')) places.push('Threads')
  if (draft.platforms.includes('FACEBOOK')) {
    const pages = draft.facebookPageIds.length
    places.push(pages === 0 ? 'Facebook (no Page chosen yet)' : `${pages} Facebook ${pages === 1 ? 'Page' : 'Pages'}`)
  }
  return places.length > 0 ? places.join(' and ') : 'No place chosen yet'
}

function DraftItem({ draft, timeZone }: { draft: DraftFieldsFragment; timeZone: string }) {
  const text = draft.text.trim() ? `“${excerpt(draft.text)}”` : '(no text yet)'
  const items = draft.media.length
  return (
    <li className="card draft-item">
      <p className="post-line-text">{text}</p>
      <p className="muted small">
        To {draftPlaces(draft)}
        {items > 0 ? ` · ${items} ${items === 1 ? 'photo or video' : 'photos and videos'}` : ''} ·{' '}
        {draft.scheduledAt ? (
          <>
            for <ZonedTime iso={draft.scheduledAt} timeZone={timeZone} withZone />
          </>
        ) : (
          'no time chosen'
        )}
      </p>
      <p className="muted small">
        Saved <ZonedTime iso={draft.updatedAt} timeZone={timeZone} withZone />
      </p>
      <div className="upcoming-actions">
        <Link className="button primary" to={`/dashboard?${new URLSearchParams({ draft: draft.id })}#composer`}>
          Open<span className="visually-hidden"> {text}</span>
        </Link>
        <details className="confirm">
          <summary className="button danger">
            Delete<span className="visually-hidden"> {text}</span>
          </summary>
          <p>Delete this draft for good? Its media stays among your uploads.</p>
          <IntentForm
            action="/drafts"
            intent="deleteDraft"
            fields={{ draftId: draft.id }}
            label="Yes, delete the draft"
            accessibleLabel={`Yes, delete the draft ${text}`}
            pendingLabel="Deleting…"
            className="button danger"
          />
        </details>
      </div>
    </li>
  )
}

/** The person's drafts, the most recently saved first, each with Open and Delete (confirmed). */
export function DraftList({ drafts, timeZone }: { drafts: DraftFieldsFragment[]; timeZone: string }) {
  if (drafts.length === 0) {
    return <p className="card empty">No drafts. Write a post on the dashboard and press Save draft to keep it here.</p>
  }
  return (
    <ol className="upcoming drafts">
      {drafts.map((draft) => (
        <DraftItem key={draft.id} draft={draft} timeZone={timeZone} />
      ))}
    </ol>
  )
}
