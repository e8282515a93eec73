import type { DashboardQuery } from '#app/gql/graphql.ts'
import { CONNECTION_STATUS, NOT_CONNECTED, NOT_SET_UP, type StatusLabel } from '#app/status-labels.ts'
import { Avatar } from './avatar.tsx'
import { ConnectButton } from './connect-button.tsx'
import { IntentForm } from './intent-form.tsx'
import { PlatformMark } from './platform-mark.tsx'
import { StatusBadge } from './status-badge.tsx'

type Page = DashboardQuery['connections']['facebookPages'][number]

function needsReconnect(page: Page): boolean {
  return page.status === 'NEEDS_RECONNECT' || page.status === 'REVOKED'
}

/** Whether Duopost can publish to the Page, in words, and why not. */
function publishAbility(page: Page): { ok: boolean; text: string } {
  if (needsReconnect(page)) return { ok: false, text: page.lastError ?? 'Duopost can no longer publish here. Reconnect Facebook.' }
  if (!page.canPublish) return { ok: false, text: page.publishBlockedReason ?? 'Meta does not let you publish to this Page.' }
  if (page.status === 'EXPIRING_SOON') return { ok: true, text: 'Can publish; access ends within a week. Reconnect Facebook to renew it.' }
  return { ok: true, text: 'Can publish' }
}

function cardStatus(available: boolean, pages: Page[]): StatusLabel {
  if (!available) return NOT_SET_UP
  if (pages.length === 0) return NOT_CONNECTED
  const troubled = pages.filter((page) => !publishAbility(page).ok).length
  if (troubled > 0) return { ...CONNECTION_STATUS.NEEDS_RECONNECT, label: `${troubled} of ${pages.length} need attention` }
  return { ...CONNECTION_STATUS.ACTIVE, label: `${pages.length} ${pages.length === 1 ? 'Page' : 'Pages'} connected` }
}

function PageItem({ page }: { page: Page }) {
  const ability = publishAbility(page)
  return (
    <li className="page-item">
      <Avatar url={page.pictureUrl} name={page.name} />
      <div className="page-text">
        <p className="page-name">{page.name}</p>
        <p className={`ability ${ability.ok ? 'ok' : 'problem'}`}>
          <span aria-hidden="true">{ability.ok ? '✓ ' : '! '}</span>
          {ability.text}
        </p>
      </div>
      <IntentForm
        intent="disconnect"
        fields={{ platform: 'FACEBOOK', accountId: page.id }}
        label="Remove"
        accessibleLabel={`Remove ${page.name}`}
        pendingLabel="Removing…"
        className="button subtle"
      />
    </li>
  )
}

/** The connected Facebook Pages, each with whether Duopost can publish there. */
export function FacebookPagesCard({ available, pages }: { available: boolean; pages: Page[] }) {
  const anyNeedsReconnect = pages.some(needsReconnect)
  return (
    <article className="card connection-card" aria-labelledby="facebook-card-title">
      <header className="card-head">
        <h3 id="facebook-card-title">
          <PlatformMark platform="FACEBOOK" /> Facebook Pages
        </h3>
        <StatusBadge status={cardStatus(available, pages)} />
      </header>
      <div className="card-body">
        {!available ? (
          <p className="muted">This server has no Facebook app. Its administrator must set FACEBOOK_APP_ID and FACEBOOK_APP_SECRET.</p>
        ) : pages.length === 0 ? (
          <p className="muted">Connect the Facebook Pages you manage. Facebook asks which Pages to share; you can add more later.</p>
        ) : (
          <ul className="page-list" aria-label="Connected Pages">
            {pages.map((page) => (
              <PageItem key={page.id} page={page} />
            ))}
          </ul>
        )}
      </div>
      {available ? (
        <div className="card-actions">
          {pages.length === 0 ? (
            <ConnectButton platform="FACEBOOK" label="Connect Facebook Pages" />
          ) : (
            <>
              <ConnectButton
                platform="FACEBOOK"
                label={anyNeedsReconnect ? 'Reconnect Facebook' : 'Add more Pages'}
                primary={anyNeedsReconnect}
              />
              <p className="hint">Facebook asks again which Pages to share: tick the connected ones too, or they stop working.</p>
            </>
          )}
        </div>
      ) : null}
    </article>
  )
}
