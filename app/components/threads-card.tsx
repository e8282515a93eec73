import type { DashboardQuery } from '#app/gql/graphql.ts'
import { CONNECTION_STATUS, NOT_CONNECTED, NOT_SET_UP } from '#app/status-labels.ts'
import { Avatar } from './avatar.tsx'
import { ConnectButton } from './connect-button.tsx'
import { IntentForm } from './intent-form.tsx'
import { LocalTime } from './local-time.tsx'
import { PlatformMark } from './platform-mark.tsx'
import { StatusBadge } from './status-badge.tsx'

type Threads = NonNullable<DashboardQuery['connections']['threads']>

const DAY_MS = 24 * 60 * 60 * 1000

function Expiry({ threads }: { threads: Threads }) {
  if (!threads.expiresAt) return null
  // A failed renewal is recorded as lastError on a connection still ACTIVE: now the person must act.
  if (threads.status === 'EXPIRING_SOON' && threads.lastError) {
    return (
      <p className="notice warning">
        <span aria-hidden="true">! </span>
        {threads.lastError} Access ends on <LocalTime iso={threads.expiresAt} dateOnly />.
      </p>
    )
  }
  if (threads.status === 'EXPIRING_SOON') {
    const days = Math.max(1, Math.ceil((Date.parse(threads.expiresAt) - Date.now()) / DAY_MS))
    // Duopost renews the access by itself; only a failed renewal (NEEDS_RECONNECT) asks for action.
    return (
      <p className="muted small">
        Access ends in {days} {days === 1 ? 'day' : 'days'}, on <LocalTime iso={threads.expiresAt} dateOnly />; Duopost renews it before
        then, nothing to do.
      </p>
    )
  }
  return (
    <p className="muted small">
      Access until <LocalTime iso={threads.expiresAt} dateOnly />
    </p>
  )
}

function Profile({ threads }: { threads: Threads }) {
  const handle = threads.username ? `@${threads.username}` : 'Your Threads profile'
  return (
    <>
      <div className="profile">
        <Avatar url={threads.pictureUrl} name={threads.name ?? handle} size={48} />
        <div>
          <p className="profile-name">{threads.name ?? handle}</p>
          <p className="muted">{handle}</p>
        </div>
      </div>
      {threads.status === 'NEEDS_RECONNECT' || threads.status === 'REVOKED' ? (
        <p className="notice danger">
          <span aria-hidden="true">! </span>
          {threads.lastError ?? 'Duopost can no longer publish to this profile. Reconnect it.'}
        </p>
      ) : (
        <Expiry threads={threads} />
      )}
    </>
  )
}

/** The Threads profile: who is connected, until when, and the buttons to connect or let go. */
export function ThreadsCard({ available, threads }: { available: boolean; threads: Threads | null }) {
  const status = !available ? NOT_SET_UP : threads ? CONNECTION_STATUS[threads.status] : NOT_CONNECTED
  const healthy = threads?.status === 'ACTIVE'
  return (
    <article className="card connection-card" aria-labelledby="threads-card-title">
      <header className="card-head">
        <h3 id="threads-card-title">
          <PlatformMark platform="THREADS" /> Threads
        </h3>
        <StatusBadge status={status} />
      </header>
      <div className="card-body">
        {!available ? (
          <p className="muted">This server has no Threads app. Its administrator must set THREADS_APP_ID and THREADS_APP_SECRET.</p>
        ) : threads ? (
          <Profile threads={threads} />
        ) : (
          <p className="muted">
            Connect your Threads profile to publish to it. You approve access at Threads; Duopost never sees your password.
          </p>
        )}
      </div>
      {available ? (
        <div className="card-actions">
          {!threads ? <ConnectButton platform="THREADS" label="Connect Threads" /> : null}
          {threads && !healthy ? <ConnectButton platform="THREADS" label="Reconnect Threads" /> : null}
          {threads ? (
            <IntentForm
              intent="disconnect"
              fields={{ platform: 'THREADS' }}
              label="Disconnect"
              pendingLabel="Disconnecting…"
              className="button subtle"
            />
          ) : null}
        </div>
      ) : null}
    </article>
  )
}
