import type { DashboardQuery, Platform } from '#app/gql/graphql.ts'
import { useHydrated } from '#app/hooks/use-hydrated.ts'
import type { ComposerErrors } from '#app/publish-form.ts'
import { Avatar } from './avatar.tsx'
import { PlatformMark } from './platform-mark.tsx'

type Connections = DashboardQuery['connections']
type Page = Connections['facebookPages'][number]

export function threadsUsable(connections: Connections): boolean {
  const threads = connections.threads
  return Boolean(threads?.canPublish && (threads.status === 'ACTIVE' || threads.status === 'EXPIRING_SOON'))
}

export function pageUsable(page: Page): boolean {
  return page.canPublish && (page.status === 'ACTIVE' || page.status === 'EXPIRING_SOON')
}

type Props = {
  connections: Connections
  platforms: Platform[]
  pageIds: string[]
  onPlatforms: (platforms: Platform[]) => void
  onPageIds: (pageIds: string[]) => void
  errors: ComposerErrors['fields']
}

function toggle<T>(list: T[], value: T, on: boolean): T[] {
  return on ? [...list.filter((item) => item !== value), value] : list.filter((item) => item !== value)
}

function Unavailable({ id, children }: { id: string; children: string }) {
  return (
    <p id={id} className="hint indent">
      {children}
    </p>
  )
}

function PageSelector({
  pages,
  pageIds,
  onPageIds,
  error,
}: {
  pages: Page[]
  pageIds: string[]
  onPageIds: Props['onPageIds']
  error?: string
}) {
  const hydrated = useHydrated()
  const usable = pages.filter(pageUsable).map((page) => page.pageId)
  const chosen = pageIds.filter((id) => usable.includes(id)).length
  return (
    <fieldset className="page-selector" aria-describedby={error ? 'page-ids-error' : undefined}>
      <legend>
        Pages{' '}
        <span className="muted" aria-live="polite">
          ({chosen} of {usable.length} chosen)
        </span>
      </legend>
      {hydrated && usable.length > 1 ? (
        <div className="select-all">
          <button type="button" className="button subtle small" onClick={() => onPageIds(usable)} disabled={chosen === usable.length}>
            Choose all
          </button>
          <button type="button" className="button subtle small" onClick={() => onPageIds([])} disabled={chosen === 0}>
            Choose none
          </button>
        </div>
      ) : null}
      {pages.map((page) => {
        const ok = pageUsable(page)
        return (
          <label key={page.id} className="check">
            <input
              type="checkbox"
              name="pageId"
              value={page.pageId}
              checked={ok && pageIds.includes(page.pageId)}
              disabled={!ok}
              onChange={(event) => onPageIds(toggle(pageIds, page.pageId, event.target.checked))}
            />
            <Avatar url={page.pictureUrl} name={page.name} size={24} />
            <span>
              {page.name}
              {ok ? null : <span className="muted"> (cannot publish now; see Connections)</span>}
            </span>
          </label>
        )
      })}
      {error ? (
        <p id="page-ids-error" className="field-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  )
}

/**
 * Where the post goes: Threads and/or Facebook (only connected, working ones can be ticked), and
 * with Facebook, which Pages. Without JavaScript the Page list is always there; with it, it shows
 * only while Facebook is ticked.
 */
export function PlatformPicker({ connections, platforms, pageIds, onPlatforms, onPageIds, errors }: Props) {
  const hydrated = useHydrated()
  const threadsOk = threadsUsable(connections)
  const facebookOk = connections.facebookPages.some(pageUsable)
  const facebookChosen = platforms.includes('FACEBOOK')
  const threadsReason = connections.threads ? 'Reconnect Threads above to publish there.' : 'Connect Threads above to publish there.'
  const facebookReason =
    connections.facebookPages.length > 0
      ? 'None of your Pages can be published to now; see Connections above.'
      : 'Connect Facebook Pages above to publish there.'
  return (
    <fieldset className="field platforms" aria-describedby={errors.platforms ? 'platforms-error' : undefined}>
      <legend>Publish to</legend>
      <label className="check">
        <input
          type="checkbox"
          name="platform"
          value="THREADS"
          checked={threadsOk && platforms.includes('THREADS')}
          disabled={!threadsOk}
          aria-describedby={threadsOk ? undefined : 'threads-unavailable'}
          onChange={(event) => onPlatforms(toggle(platforms, 'THREADS', event.target.checked))}
        />
        <PlatformMark platform="THREADS" />
        <span>Threads {connections.threads?.username ? <span className="muted">@{connections.threads.username}</span> : null}</span>
      </label>
      {threadsOk ? null : <Unavailable id="threads-unavailable">{threadsReason}</Unavailable>}
      <label className="check">
        <input
          type="checkbox"
          name="platform"
          value="FACEBOOK"
          checked={facebookOk && facebookChosen}
          disabled={!facebookOk}
          aria-describedby={facebookOk ? undefined : 'facebook-unavailable'}
          onChange={(event) => onPlatforms(toggle(platforms, 'FACEBOOK', event.target.checked))}
        />
        <PlatformMark platform="FACEBOOK" />
        <span>Facebook Pages</span>
      </label>
      {facebookOk ? null : <Unavailable id="facebook-unavailable">{facebookReason}</Unavailable>}
      {facebookOk && (facebookChosen || !hydrated) ? (
        <PageSelector pages={connections.facebookPages} pageIds={pageIds} onPageIds={onPageIds} error={errors.pageIds} />
      ) : null}
      {errors.platforms ? (
        <p id="platforms-error" className="field-error">
          {errors.platforms}
        </p>
      ) : null}
    </fieldset>
  )
}
