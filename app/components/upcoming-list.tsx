import { Form, Link, useActionData, useNavigation } from '@remix-run/react'
import { useState } from 'react'
import type { PostLineFragment } from '#app/gql/graphql.ts'
import type { RescheduleRefused } from '#app/posts-actions.server.ts'
import { excerpt, targetSummaryLine } from '#app/post-summary.ts'
import { labelInZone, toLocalInput } from '#app/shared/zoned-time.ts'
import { IntentForm } from './intent-form.tsx'
import { ScheduleField } from './schedule-field.tsx'

type ReschedulePost = Pick<PostLineFragment, 'id' | 'scheduledAt'>

/** The reschedule form of a scheduled post; `action` is the page that answers it (the Posts page, or the Calendar). */
export function RescheduleForm({
  post,
  timeZone,
  refused,
  action = '/posts',
}: {
  post: ReschedulePost
  timeZone: string
  refused: RescheduleRefused | null
  action?: string
}) {
  const [value, setValue] = useState(refused?.scheduledAt ?? toLocalInput(new Date(post.scheduledAt!), timeZone))
  const navigation = useNavigation()
  const saving = navigation.formData?.get('intent') === 'reschedule' && navigation.formData.get('postId') === post.id
  return (
    <Form method="post" action={action} className="reschedule-form">
      <input type="hidden" name="intent" value="reschedule" />
      <input type="hidden" name="postId" value={post.id} />
      <ScheduleField id={`reschedule-${post.id}`} value={value} onChange={setValue} timeZone={timeZone} error={refused?.error} />
      <button type="submit" className="button" disabled={saving}>
        {saving ? 'Rescheduling…' : 'Reschedule'}
      </button>
    </Form>
  )
}

function UpcomingItem({ post, timeZone, refused }: { post: PostLineFragment; timeZone: string; refused: RescheduleRefused | null }) {
  const text = post.text ? `“${excerpt(post.text)}”` : '(image only)'
  return (
    <li className="card upcoming-item">
      <p className="upcoming-when">
        <strong>
          Scheduled for <time dateTime={post.scheduledAt!}>{labelInZone(new Date(post.scheduledAt!), timeZone)}</time>
        </strong>
      </p>
      <p className="post-line-text">{text}</p>
      <p className="muted small">To {targetSummaryLine(post)}</p>
      <div className="upcoming-actions">
        <IntentForm
          action="/posts"
          intent="publishNow"
          fields={{ postId: post.id }}
          label="Publish now"
          accessibleLabel={`Publish now: ${text}`}
          pendingLabel="Publishing…"
          className="button primary"
        />
        <IntentForm
          action="/posts"
          intent="cancel"
          fields={{ postId: post.id }}
          label="Cancel"
          accessibleLabel={`Cancel: ${text}`}
          pendingLabel="Cancelling…"
          className="button danger"
        />
        <Link className="button" to={`/dashboard?${new URLSearchParams({ change: post.id })}#composer`}>
          Edit<span className="visually-hidden"> {text}</span>
        </Link>
        <Link className="button" to={`/dashboard?${new URLSearchParams({ post: post.id })}#results`}>
          Details<span className="visually-hidden"> of {text}</span>
        </Link>
      </div>
      <details open={refused !== null}>
        <summary>
          Reschedule<span className="visually-hidden"> {text}</span>
        </summary>
        <RescheduleForm post={post} timeZone={timeZone} refused={refused} />
      </details>
    </li>
  )
}

/** Scheduled posts that have not started, soonest first, each with what can still be done to it. */
export function UpcomingList({ posts, more, timeZone }: { posts: PostLineFragment[]; more: boolean; timeZone: string }) {
  const refused = useActionData<RescheduleRefused | undefined>()
  return (
    <section className="section" id="upcoming" aria-labelledby="upcoming-heading">
      <h2 id="upcoming-heading">Upcoming</h2>
      {posts.length === 0 ? (
        <p className="card empty">Nothing scheduled. Pick a date and time in the composer and press Schedule.</p>
      ) : (
        <ol className="upcoming">
          {posts.map((post) => (
            <UpcomingItem key={post.id} post={post} timeZone={timeZone} refused={refused?.postId === post.id ? refused : null} />
          ))}
        </ol>
      )}
      {more ? <p className="muted small">Only the next {posts.length} are shown; filter by Scheduled below to see them all.</p> : null}
    </section>
  )
}
