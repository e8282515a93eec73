import { Form, Link, useNavigation } from '@remix-run/react'
import type { PublishedTargetFragment } from '#app/gql/graphql.ts'
import { targetStatus, type StatusLabel } from '#app/status-labels.ts'
import { PLATFORM_NAME, PlatformMark } from './platform-mark.tsx'
import { StatusBadge } from './status-badge.tsx'
import { ZonedTime } from './zoned-time.tsx'

/** What the post's view has open for one target: nothing, its text editor, or the delete confirmation. */
export type Opened = { kind: 'edit' | 'delete'; targetId: string } | null

const DELETED: StatusLabel = { tone: 'neutral', icon: '⌫', label: 'Deleted' }

function History({ target, timeZone }: { target: PublishedTargetFragment; timeZone: string }) {
  if (target.changes.length === 0) return null
  return (
    <details className="change-history">
      <summary>History of changes ({target.changes.length})</summary>
      <ol>
        {target.changes.map((change) => (
          <li key={change.id}>
            <ZonedTime iso={change.requestedAt} timeZone={timeZone} withZone />: {change.kind === 'EDIT' ? 'text edited' : 'deleted'}
            {change.status === 'DONE' ? '' : change.status === 'FAILED' ? ' — failed' : ' — not confirmed yet'}
            {change.text ? <q className="change-text">{change.text}</q> : null}
            {change.errorMessage ? <p className="target-error">{change.errorMessage}</p> : null}
            {change.metaMessage ? <p className="muted small">Meta said: “{change.metaMessage}”</p> : null}
          </li>
        ))}
      </ol>
    </details>
  )
}

function EditForm({ target, postId, text }: { target: PublishedTargetFragment; postId: string; text: string }) {
  const sending = useNavigation().formData?.get('targetId') === target.id
  const fieldId = `edit-text-${target.id}`
  return (
    <Form method="post" className="published-form">
      <input type="hidden" name="intent" value="editPublished" />
      <input type="hidden" name="targetId" value={target.id} />
      <label htmlFor={fieldId}>New text of the post on {target.accountName}</label>
      <textarea id={fieldId} name="text" rows={5} defaultValue={text} required />
      <div className="target-actions">
        <button type="submit" className="button primary" disabled={sending}>
          {sending ? 'Saving…' : 'Save on Facebook'}
        </button>
        <Link className="button" to={`/posts/${postId}`}>
          Cancel
        </Link>
      </div>
    </Form>
  )
}

function DeleteConfirmation({ target, postId }: { target: PublishedTargetFragment; postId: string }) {
  const sending = useNavigation().formData?.get('targetId') === target.id
  const where = PLATFORM_NAME[target.platform]
  return (
    <Form method="post" className="published-form" aria-labelledby={`confirm-${target.id}`}>
      <input type="hidden" name="intent" value="deletePublished" />
      <input type="hidden" name="targetId" value={target.id} />
      <p id={`confirm-${target.id}`} className="target-error">
        Delete this post from {target.accountName} on {where}? People will no longer see it there, and it cannot be undone.
      </p>
      <div className="target-actions">
        <button type="submit" className="button danger" disabled={sending}>
          {sending ? 'Deleting…' : `Yes, delete from ${where}`}
        </button>
        <Link className="button" to={`/posts/${postId}`}>
          Keep it
        </Link>
      </div>
    </Form>
  )
}

/**
 * One target of a published post: its link and status, what was changed since, and the way to edit
 * its text (Facebook) or delete it, each behind a step of its own so nothing happens by one click.
 */
export function PublishedTargetRow({
  target,
  postId,
  postText,
  opened,
  timeZone,
}: {
  target: PublishedTargetFragment
  postId: string
  postText: string
  opened: Opened
  timeZone: string
}) {
  const where = PLATFORM_NAME[target.platform]
  const live = target.status === 'PUBLISHED' && !target.deletedAt
  const open = opened?.targetId === target.id ? opened.kind : null
  const href = (kind: 'edit' | 'delete') => `/posts/${postId}?${new URLSearchParams({ [kind]: target.id })}#target-${target.id}`
  return (
    <li className="target-row" id={`target-${target.id}`}>
      <div className="target-head">
        <PlatformMark platform={target.platform} />
        <span className="target-name">{target.accountName}</span>
        <StatusBadge status={target.deletedAt ? DELETED : targetStatus(target)} />
      </div>
      <div className="target-detail">
        {target.deletedAt ? (
          <p className="muted">
            Deleted from {where} on <ZonedTime iso={target.deletedAt} timeZone={timeZone} withZone />.
          </p>
        ) : target.permalink && live ? (
          <a className="target-link" href={target.permalink} target="_blank" rel="noreferrer">
            View post<span className="visually-hidden"> on {target.accountName} (opens in a new tab)</span>
            <span aria-hidden="true"> ↗</span>
          </a>
        ) : null}
        {target.editedText !== null && target.editedAt && !target.deletedAt ? (
          <p className="muted small">
            Text edited on <ZonedTime iso={target.editedAt} timeZone={timeZone} withZone />: <q>{target.editedText}</q>
          </p>
        ) : null}
        {live && open === 'edit' ? <EditForm target={target} postId={postId} text={target.editedText ?? postText} /> : null}
        {live && open === 'delete' ? <DeleteConfirmation target={target} postId={postId} /> : null}
        {live && open === null ? (
          <div className="target-actions">
            {target.platform === 'FACEBOOK' ? (
              <Link className="button" to={href('edit')}>
                Edit text<span className="visually-hidden"> on {target.accountName}</span>
              </Link>
            ) : null}
            <Link className="button danger" to={href('delete')}>
              Delete from {where}
              <span className="visually-hidden"> ({target.accountName})</span>
            </Link>
          </div>
        ) : null}
        <History target={target} timeZone={timeZone} />
      </div>
    </li>
  )
}
