import { Link } from '@remix-run/react'
import type { PostFieldsFragment } from '#app/gql/graphql.ts'
import { POST_STATUS } from '#app/status-labels.ts'
import { IntentForm } from './intent-form.tsx'
import { LocalTime } from './local-time.tsx'
import { StatusBadge } from './status-badge.tsx'
import { TargetRow } from './target-row.tsx'

function HistoryItem({ post }: { post: PostFieldsFragment }) {
  const retryable = post.targets.filter((target) => target.error?.retryable).length
  return (
    <li className="card history-item">
      <div className="history-head">
        <StatusBadge status={POST_STATUS[post.status]} />
        <span className="muted small">
          <LocalTime iso={post.createdAt} />
        </span>
        <Link className="history-details" to={`/dashboard?${new URLSearchParams({ post: post.id })}#results`}>
          Details<span className="visually-hidden"> of the post from {post.createdAt.slice(0, 16).replace('T', ' ')} UTC</span>
        </Link>
      </div>
      <p className="history-text">{post.text || <span className="muted">(image only)</span>}</p>
      <ul className="target-list">
        {post.targets.map((target) => (
          <TargetRow key={target.id} target={target} postId={post.id} compact />
        ))}
      </ul>
      {retryable > 0 ? (
        <IntentForm
          intent="retry"
          fields={{ postId: post.id }}
          label={retryable === 1 ? 'Retry the failed target' : `Retry ${retryable} failed targets`}
          pendingLabel="Retrying…"
          className="button"
        />
      ) : null}
    </li>
  )
}

/** The latest posts, newest first, with what happened on each target. */
export function PostHistory({ posts }: { posts: PostFieldsFragment[] }) {
  return (
    <section className="section" aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      {posts.length === 0 ? (
        <p className="card empty">No posts yet. Everything you publish is listed here with its outcome on each target.</p>
      ) : (
        <ol className="history">
          {posts.map((post) => (
            <HistoryItem key={post.id} post={post} />
          ))}
        </ol>
      )}
    </section>
  )
}
