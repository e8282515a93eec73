import { useNavigation } from '@remix-run/react'
import type { DashboardQuery, PostFieldsFragment } from '#app/gql/graphql.ts'
import { readComposerForm } from '#app/publish-form.ts'
import { awaitingRetry, POST_STATUS, targetMoving } from '#app/status-labels.ts'
import { excerpt } from '#app/post-summary.ts'
import { labelInZone } from '#app/shared/zoned-time.ts'
import { ZonedTime } from './zoned-time.tsx'
import { SelfRefresh } from './self-refresh.tsx'
import { StatusBadge } from './status-badge.tsx'
import { PendingRow, TargetRow, type Target } from './target-row.tsx'

type Pending = Pick<Target, 'platform' | 'accountName'>[]

/** The targets of the post being sent right now, named from the form, before the server answers. */
export function usePendingTargets(connections: DashboardQuery['connections']): Pending | null {
  const navigation = useNavigation()
  const form = navigation.formData
  if (navigation.state === 'idle' || form?.get('intent') !== 'publish') return null
  const values = readComposerForm(form)
  const pending: Pending = []
  if (values.platforms.includes('THREADS') && connections.threads) {
    pending.push({ platform: 'THREADS', accountName: `@${connections.threads.username ?? 'threads'}` })
  }
  if (values.platforms.includes('FACEBOOK')) {
    for (const page of connections.facebookPages)
      if (values.pageIds.includes(page.pageId)) pending.push({ platform: 'FACEBOOK', accountName: page.name })
  }
  return pending
}

function summary(post: PostFieldsFragment, timeZone: string): string {
  if (post.status === 'SCHEDULED' && post.scheduledAt) return `Scheduled for ${labelInZone(new Date(post.scheduledAt), timeZone)}.`
  if (post.status === 'CANCELLED') return 'Cancelled before it started; nothing of it was published.'
  const total = post.targets.length
  const published = post.targets.filter((target) => target.status === 'PUBLISHED').length
  const moving = post.targets.filter(targetMoving).length
  const retrying = post.targets.filter(awaitingRetry).length
  const failed = total - published - moving - retrying
  const parts = [`Published to ${published} of ${total}`]
  if (moving > 0) parts.push(`${moving} still in progress`)
  if (retrying > 0) parts.push(`${retrying} will be retried`)
  if (failed > 0) parts.push(`${failed} did not publish`)
  return `${parts.join(', ')}.`
}

/** Above this many targets, the published ones are one link each instead of a full row. */
const FULL_ROWS_UP_TO = 10

/**
 * A row per target. A post to many Pages shows in full only the targets still moving or in
 * trouble; each published one is its link, so 50 Pages stay a short list.
 */
function TargetRows({ post }: { post: PostFieldsFragment }) {
  const compact = post.targets.length > FULL_ROWS_UP_TO
  const published = compact ? post.targets.filter((target) => target.status === 'PUBLISHED') : []
  const rows = compact ? post.targets.filter((target) => target.status !== 'PUBLISHED') : post.targets
  return (
    <>
      <ul className="target-list">
        {rows.map((target) => (
          <TargetRow key={target.id} target={target} postId={post.id} />
        ))}
      </ul>
      {published.length > 0 ? (
        <details className="published-links">
          <summary>Links to the {published.length} published posts</summary>
          <ul>
            {published.map((target) => (
              <li key={target.id}>
                {target.permalink ? (
                  <a href={target.permalink} target="_blank" rel="noreferrer">
                    {target.accountName}
                  </a>
                ) : (
                  target.accountName
                )}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  )
}

/**
 * One row per target of the latest post (or the one picked in History): success with its link,
 * failure in plain words with what to do, and progress until every target settles. The panel keeps
 * its size from "sending" to "done" so nothing on the page jumps.
 */
export function PublishResults({
  post,
  pending,
  timeZone,
}: {
  post: PostFieldsFragment | null
  pending: Pending | null
  timeZone: string
}) {
  return (
    <section className="card results" id="results" aria-labelledby="results-heading">
      <header className="card-head">
        <h2 id="results-heading">Results</h2>
        {pending ? <StatusBadge status={POST_STATUS.PUBLISHING} /> : post ? <StatusBadge status={POST_STATUS[post.status]} /> : null}
      </header>
      <p className="results-summary" role="status">
        {pending ? `Publishing to ${pending.length} ${pending.length === 1 ? 'place' : 'places'}…` : post ? summary(post, timeZone) : null}
      </p>
      {pending ? (
        <ul className="target-list">
          {pending.map((target) => (
            <PendingRow key={`${target.platform}-${target.accountName}`} {...target} />
          ))}
        </ul>
      ) : post ? (
        <>
          <p className="results-post muted small">
            {post.text ? `“${excerpt(post.text)}”` : 'Image post'} · <ZonedTime iso={post.createdAt} timeZone={timeZone} />
          </p>
          {post.status === 'SCHEDULED' ? (
            <p className="small">
              <a href="/posts#upcoming">Reschedule, cancel or publish it now under Upcoming</a>
            </p>
          ) : null}
          <TargetRows post={post} />
          {/* Without JavaScript, the page reloads itself until every target has settled. */}
          {post.targets.some(targetMoving) ? <SelfRefresh seconds={3} /> : null}
        </>
      ) : (
        <p className="empty">
          When you publish, each Threads profile and Page gets a row here: a link to the post, or what went wrong and what to do.
        </p>
      )}
    </section>
  )
}
