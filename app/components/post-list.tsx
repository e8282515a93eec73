import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import type { PostLineFragment } from '#app/gql/graphql.ts'
import { excerpt, targetSummaryLine } from '#app/post-summary.ts'
import { POST_STATUS } from '#app/status-labels.ts'
import { StatusBadge } from './status-badge.tsx'
import { ZonedTime } from './zoned-time.tsx'

export function postDetailsPath(postId: string): string {
  return `/dashboard?${new URLSearchParams({ post: postId })}#results`
}

/**
 * One post in one line: its status, its time in the person's zone, its first words and its targets
 * counted per platform. `children` is what opens under it (the targets that need attention).
 */
export function PostLine({ post, timeZone, children }: { post: PostLineFragment; timeZone: string; children?: ReactNode }) {
  const when = post.scheduledAt ?? post.createdAt
  const text = post.text ? `“${excerpt(post.text)}”` : '(image only)'
  const line = (
    <>
      <StatusBadge status={POST_STATUS[post.status]} />
      <span className="post-line-time muted small">
        <ZonedTime iso={when} timeZone={timeZone} />
      </span>
      <span className="post-line-text">{text}</span>
      <span className="post-line-targets muted small">{targetSummaryLine(post)}</span>
    </>
  )
  return (
    <li className="post-line card">
      {children ? (
        <details>
          <summary className="post-line-head">{line}</summary>
          <div className="post-line-body">
            {children}
            <Link to={postDetailsPath(post.id)}>
              Every target of this post<span className="visually-hidden">: {text}</span>
            </Link>
          </div>
        </details>
      ) : (
        <div className="post-line-head">
          {line}
          <Link className="post-line-open" to={postDetailsPath(post.id)}>
            Details<span className="visually-hidden"> of {text}</span>
          </Link>
        </div>
      )}
    </li>
  )
}

/** The latest few posts on the dashboard, one line each; every post is on the Posts page. */
export function RecentPosts({ posts, timeZone }: { posts: PostLineFragment[]; timeZone: string }) {
  return (
    <section className="section" aria-labelledby="recent-heading">
      <div className="section-head">
        <h2 id="recent-heading">Recent posts</h2>
        <Link to="/posts">All posts and the schedule</Link>
      </div>
      {posts.length === 0 ? (
        <p className="card empty">No posts yet. Everything you publish is listed here with its outcome on each target.</p>
      ) : (
        <ol className="post-lines">
          {posts.map((post) => (
            <PostLine key={post.id} post={post} timeZone={timeZone} />
          ))}
        </ol>
      )}
    </section>
  )
}
