import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import type { PostFieldsFragment } from '#app/gql/graphql.ts'
import { awaitingRetry, targetMoving, targetStatus, type StatusLabel } from '#app/status-labels.ts'
import { ConnectButton } from './connect-button.tsx'
import { IntentForm } from './intent-form.tsx'
import { LocalTime } from './local-time.tsx'
import { PLATFORM_NAME, PlatformMark } from './platform-mark.tsx'
import { StatusBadge } from './status-badge.tsx'

export type Target = PostFieldsFragment['targets'][number]

/** What the person can do about a failed target: reconnect, retry, or edit the post. */
function TargetActions({ target, postId }: { target: Target; postId: string }) {
  const error = target.error
  if (!error) return null
  return (
    <div className="target-actions">
      {error.action === 'RECONNECT' ? (
        <ConnectButton platform={target.platform} label={`Reconnect ${PLATFORM_NAME[target.platform]}`} />
      ) : null}
      {error.retryable ? (
        <IntentForm
          intent="retry"
          fields={{ postId, targetId: target.id }}
          label={awaitingRetry(target) ? 'Retry now' : 'Retry'}
          accessibleLabel={`${awaitingRetry(target) ? 'Retry now' : 'Retry'}: ${target.accountName}`}
          pendingLabel="Retrying…"
          className={error.action === 'RECONNECT' ? 'button' : 'button primary'}
        />
      ) : null}
      {error.action === 'EDIT' ? (
        <Link className="button" to={`/dashboard?${new URLSearchParams({ edit: postId })}#composer`}>
          Edit as new post
        </Link>
      ) : null}
    </div>
  )
}

function Detail({ target, postId, compact }: { target: Target; postId: string; compact: boolean }) {
  if (target.status === 'PUBLISHED') {
    return target.permalink ? (
      <a className="target-link" href={target.permalink} target="_blank" rel="noreferrer">
        View post<span className="visually-hidden"> on {target.accountName} (opens in a new tab)</span>
        <span aria-hidden="true"> ↗</span>
      </a>
    ) : (
      <p className="muted">Published; Meta gave no link.</p>
    )
  }
  if (targetMoving(target)) return <p className="muted">{compact ? 'In progress' : 'In progress; this updates by itself.'}</p>
  return (
    <>
      <p className="target-error">{target.error?.message ?? 'Meta did not confirm this post. Check it there before retrying.'}</p>
      {target.error?.metaMessage ? (
        <p className="meta-message muted small">
          {PLATFORM_NAME[target.platform]} said: <q>{target.error.metaMessage}</q>
        </p>
      ) : null}
      {awaitingRetry(target) && target.nextAttemptAt ? (
        <p className="muted small">
          Duopost tries again by itself at <LocalTime iso={target.nextAttemptAt} />.
        </p>
      ) : target.error?.retryAfter && !compact ? (
        <p className="muted small">
          Meta asks to wait until <LocalTime iso={target.error.retryAfter} />.
        </p>
      ) : null}
      {compact ? null : <TargetActions target={target} postId={postId} />}
    </>
  )
}

type ShellProps = Pick<Target, 'platform' | 'accountName'> & { status: StatusLabel; compact?: boolean; children: ReactNode }

function RowShell({ platform, accountName, status, compact = false, children }: ShellProps) {
  return (
    <li className={`target-row tone-${status.tone}${compact ? ' compact' : ''}`}>
      <div className="target-head">
        <PlatformMark platform={platform} />
        <span className="target-name">{accountName}</span>
        <StatusBadge status={status} />
      </div>
      <div className="target-detail">{children}</div>
    </li>
  )
}

/** One Threads profile or Page of a post: its status in words and what to do next. */
export function TargetRow({ target, postId, compact = false }: { target: Target; postId: string; compact?: boolean }) {
  return (
    <RowShell platform={target.platform} accountName={target.accountName} status={targetStatus(target)} compact={compact}>
      <Detail target={target} postId={postId} compact={compact} />
    </RowShell>
  )
}

const SENDING: StatusLabel = { tone: 'progress', icon: '', label: 'Sending' }

/** A target the browser is still sending, drawn like a real row so nothing moves when the answer comes. */
export function PendingRow({ platform, accountName }: Pick<Target, 'platform' | 'accountName'>) {
  return (
    <RowShell platform={platform} accountName={accountName} status={SENDING}>
      <p className="muted">In progress; this updates by itself.</p>
    </RowShell>
  )
}
