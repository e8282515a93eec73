import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { requireUser } from '#app/.server/auth/sessions.ts'
import { CalendarGrid, calendarHref, type CalendarPost } from '#app/components/calendar-grid.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FlashMessage } from '#app/components/flash-message.tsx'
import { RescheduleForm } from '#app/components/upcoming-list.tsx'
import { takeFlash } from '#app/flash.server.ts'
import { CalendarPostsDocument, ViewerTimeZoneDocument, type CalendarPostsQuery, type PostStatus } from '#app/gql/graphql.ts'
import { getGraphQLClient } from '#app/graphql.server.ts'
import { excerpt } from '#app/post-summary.ts'
import type { RescheduleRefused } from '#app/posts-actions.server.ts'
import { postsAction } from '#app/posts-actions.server.ts'
import { calendarDays, calendarRange, isDay, shiftDay, today, viewTitle, type CalendarView } from '#app/shared/calendar.ts'
import { labelInZone } from '#app/shared/zoned-time.ts'

export const meta: MetaFunction = () => [{ title: 'Calendar · Duopost' }]

// Everything but cancelled posts: those never go out, so they have no place on the calendar.
const SHOWN: PostStatus[] = ['SCHEDULED', 'PUBLISHING', 'PUBLISHED', 'PARTIAL', 'FAILED', 'UNCONFIRMED']
// A month of 10 posts a day fits; beyond that the page says that some are left out.
const MAX_PAGES = 5

/**
 * The person's posts on a month or a week of their own wall calendar: the view, its day and the
 * post to move without dragging (`reschedule`) are query parameters, so every step is a link.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request)
  const url = new URL(request.url)
  const client = getGraphQLClient(request)
  const viewer = (await client.request(ViewerTimeZoneDocument)).viewer
  if (!viewer) throw new Response('Your session ended while loading the page. Log in again.', { status: 401 })
  const timeZone = viewer.timeZone
  const view: CalendarView = url.searchParams.get('view') === 'week' ? 'week' : 'month'
  const asked = url.searchParams.get('date') ?? ''
  const current = today(timeZone)
  const day = isDay(asked) ? asked : current
  const days = calendarDays(view, day)
  const { from, to } = calendarRange(days, timeZone)

  const posts: CalendarPost[] = []
  let after: string | null = null
  let more = false
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const result: CalendarPostsQuery = await client.request(CalendarPostsDocument, {
      filter: { from: from.toISOString(), to: to.toISOString(), status: SHOWN },
      after,
    })
    for (const { node } of result.posts.edges)
      posts.push({ id: node.id, text: node.text, status: node.status, at: node.scheduledAt ?? node.createdAt })
    more = result.posts.pageInfo.hasNextPage
    if (!more) break
    after = result.posts.pageInfo.endCursor ?? null
  }
  posts.sort((a, b) => a.at.localeCompare(b.at))

  const moving = url.searchParams.get('reschedule')
  const { flash, headers } = await takeFlash(request)
  return data(
    {
      timeZone,
      view,
      day,
      today: current,
      days,
      posts,
      more,
      reschedule: posts.find((post) => post.id === moving && post.status === 'SCHEDULED') ?? null,
      rescheduleGone: moving !== null && !posts.some((post) => post.id === moving && post.status === 'SCHEDULED'),
      flash,
    },
    { headers },
  )
}

/** Reschedules (the drag, or the form), answering with the same view. */
export function action({ request }: ActionFunctionArgs) {
  const url = new URL(request.url)
  url.searchParams.delete('reschedule')
  return postsAction(request, `/calendar${url.search}`)
}

export default function Calendar() {
  const { timeZone, view, day, today: current, days, posts, more, reschedule, rescheduleGone, flash } = useLoaderData<typeof loader>()
  const refused = useActionData<RescheduleRefused | undefined>()
  const here = calendarHref(view, day)
  const other: CalendarView = view === 'month' ? 'week' : 'month'
  return (
    <div className="calendar-page">
      <h1>Calendar</h1>
      <FlashMessage flash={flash} />
      {reschedule ? (
        <section className="card calendar-reschedule" id="reschedule" aria-labelledby="reschedule-heading">
          <h2 id="reschedule-heading">Reschedule “{excerpt(reschedule.text) || '(image only)'}”</h2>
          <p className="muted small">Now scheduled for {labelInZone(new Date(reschedule.at), timeZone)}.</p>
          <RescheduleForm
            post={{ id: reschedule.id, scheduledAt: reschedule.at }}
            timeZone={timeZone}
            refused={refused?.postId === reschedule.id ? refused : null}
            action={here}
          />
          <Link to={here}>Close</Link>
        </section>
      ) : null}
      {rescheduleGone ? (
        <p className="alert error" role="alert">
          That post is not waiting for its time in this {view} any more, so it cannot be moved from here.
        </p>
      ) : null}
      <nav className="calendar-nav" aria-label="Calendar">
        <div className="calendar-steps">
          <Link to={calendarHref(view, shiftDay(view, day, -1))}>
            <span aria-hidden="true">← </span>Previous {view}
          </Link>
          <Link to={calendarHref(view, current)}>Today</Link>
          <Link to={calendarHref(view, shiftDay(view, day, 1))}>
            Next {view}
            <span aria-hidden="true"> →</span>
          </Link>
        </div>
        <div className="calendar-views">
          <Link to={calendarHref('month', day)} aria-current={view === 'month' ? 'page' : undefined}>
            Month
          </Link>
          <Link to={calendarHref('week', day)} aria-current={view === 'week' ? 'page' : undefined}>
            Week
          </Link>
        </div>
      </nav>
      <h2 id="calendar-title" className="calendar-title">
        {viewTitle(view, day)} <span className="muted calendar-zone">({timeZone})</span>
      </h2>
      <p className="hint">
        Times are in {timeZone} (change it in <Link to="/settings">Settings</Link>). Drag a scheduled post to another{' '}
        {view === 'month' ? 'day' : 'day or hour'} to move it, or use its Move link. Switch to the{' '}
        <Link to={calendarHref(other, day)}>{other} view</Link>.
      </p>
      {more ? (
        <p className="alert warning" role="status">
          This {view} has more posts than the calendar shows at once; the <Link to="/posts">Posts page</Link> lists them all.
        </p>
      ) : null}
      <CalendarGrid view={view} day={day} today={current} days={days} posts={posts} timeZone={timeZone} />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
