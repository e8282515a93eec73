import { Link, useFetcher } from '@remix-run/react'
import { useState, type DragEvent } from 'react'
import type { PostStatus } from '#app/gql/graphql.ts'
import { useHydrated } from '#app/hooks/use-hydrated.ts'
import { excerpt } from '#app/post-summary.ts'
import type { RescheduleRefused } from '#app/posts-actions.server.ts'
import { dayLabel, inMonth, type CalendarView } from '#app/shared/calendar.ts'
import { fromLocalInput, labelInZone, toLocalInput } from '#app/shared/zoned-time.ts'
import { POST_STATUS } from '#app/status-labels.ts'
import { postDetailsPath } from './post-list.tsx'
import { StatusBadge } from './status-badge.tsx'

/** A post as the calendar places it: at its scheduled time, else when it was recorded. */
export type CalendarPost = { id: string; text: string; status: PostStatus; at: string }

export function calendarHref(view: CalendarView, day: string, reschedule?: string): string {
  const params = new URLSearchParams({ view, date: day })
  if (reschedule) params.set('reschedule', reschedule)
  return `/calendar?${params}${reschedule ? '#reschedule' : ''}`
}

const DRAG_TYPE = 'application/x-duopost-post'
const HOURS = Array.from({ length: 24 }, (_, hour) => String(hour).padStart(2, '0'))

type Props = { view: CalendarView; day: string; today: string; days: string[]; posts: CalendarPost[]; timeZone: string }

function postText(post: CalendarPost): string {
  return post.text ? excerpt(post.text, 40) : '(image only)'
}

function PostChip({ post, local, draggable, move }: { post: CalendarPost; local: string; draggable: boolean; move: string | null }) {
  const text = postText(post)
  return (
    <li className={`calendar-post calendar-post-${post.status.toLowerCase()}`}>
      <Link to={postDetailsPath(post.id)} data-post-id={post.id} draggable={draggable || undefined} className="calendar-post-link">
        <time dateTime={post.at}>{local.slice(11, 16)}</time>{' '}
        {post.status === 'SCHEDULED' ? null : <StatusBadge status={POST_STATUS[post.status]} className="calendar-post-status" />}{' '}
        <span className="calendar-post-text">{text}</span>
      </Link>
      {move ? (
        <Link to={move} className="calendar-move">
          Move<span className="visually-hidden"> “{text}”</span>
        </Link>
      ) : null}
    </li>
  )
}

/**
 * The month (a row per week) or the week (a row per hour) as a table of days, each post in the
 * cell of its day (and hour) in the person's zone. With JavaScript a scheduled post can be dragged
 * to another cell: the drop sends the same reschedule form the Move link opens, keeping the post's
 * time of day (month) or minutes (week), and the page shows the API's answer.
 */
export function CalendarGrid({ view, day, today, days, posts, timeZone }: Props) {
  const hydrated = useHydrated()
  const fetcher = useFetcher<RescheduleRefused>()
  const [over, setOver] = useState<string | null>(null)
  const [moving, setMoving] = useState<{ text: string; to: string } | null>(null)

  const cells = new Map<string, { post: CalendarPost; local: string }[]>()
  for (const post of posts) {
    const local = toLocalInput(new Date(post.at), timeZone)
    const key = view === 'month' ? local.slice(0, 10) : local.slice(0, 13)
    cells.set(key, [...(cells.get(key) ?? []), { post, local }])
  }

  const slotOf = (event: DragEvent) => (event.target as Element).closest<HTMLElement>('[data-day]')
  const ours = (event: DragEvent) => event.dataTransfer.types.includes(DRAG_TYPE)

  function drop(event: DragEvent) {
    const slot = slotOf(event)
    const post = posts.find((each) => each.id === event.dataTransfer.getData(DRAG_TYPE))
    setOver(null)
    if (!slot || !post) return
    event.preventDefault()
    const local = toLocalInput(new Date(post.at), timeZone)
    const time = slot.dataset.hour ? `${slot.dataset.hour}:${local.slice(14, 16)}` : local.slice(11, 16)
    const to = `${slot.dataset.day}T${time}`
    if (to === local) return
    setMoving({ text: postText(post), to: labelInZone(fromLocalInput(to, timeZone)!, timeZone) })
    void fetcher.submit(
      { intent: 'reschedule', postId: post.id, scheduledAt: to, timeZone },
      { method: 'post', action: calendarHref(view, day) },
    )
  }

  const dragHandlers = hydrated
    ? {
        onDragStart: (event: DragEvent) => {
          const id = (event.target as Element).closest<HTMLElement>('[data-post-id]')?.dataset.postId
          if (!id) return
          event.dataTransfer.setData(DRAG_TYPE, id)
          event.dataTransfer.effectAllowed = 'move'
        },
        onDragOver: (event: DragEvent) => {
          const slot = slotOf(event)
          if (!slot || !ours(event)) return
          event.preventDefault()
          event.dataTransfer.dropEffect = 'move'
          setOver(`${slot.dataset.day}T${slot.dataset.hour ?? ''}`)
        },
        onDragEnd: () => setOver(null),
        onDrop: drop,
      }
    : {}

  const chips = (key: string) => {
    const inCell = cells.get(key) ?? []
    if (inCell.length === 0) return null
    return (
      <ul className="calendar-posts">
        {inCell.map(({ post, local }) => {
          const movable = post.status === 'SCHEDULED'
          return (
            <PostChip
              key={post.id}
              post={post}
              local={local}
              draggable={hydrated && movable}
              move={movable ? calendarHref(view, day, post.id) : null}
            />
          )
        })}
      </ul>
    )
  }
  const slotClass = (slotDay: string, hour?: string) =>
    [
      'calendar-slot',
      slotDay === today ? 'calendar-today' : '',
      view === 'month' && !inMonth(slotDay, day) ? 'calendar-other-month' : '',
      over === `${slotDay}T${hour ?? ''}` ? 'calendar-drop' : '',
    ]
      .filter(Boolean)
      .join(' ')

  const refused = fetcher.state === 'idle' ? fetcher.data : undefined
  const weeks = Array.from({ length: days.length / 7 }, (_, week) => days.slice(week * 7, week * 7 + 7))
  return (
    <>
      <p className="calendar-progress" role="status">
        {fetcher.state !== 'idle' && moving ? `Moving “${moving.text}” to ${moving.to}…` : ''}
      </p>
      {refused?.error ? (
        <p className="alert error" role="alert">
          Could not move the post: {refused.error}
        </p>
      ) : null}
      <div className="calendar-scroll" tabIndex={0} role="region" aria-labelledby="calendar-title">
        <table className={`calendar-grid calendar-${view}`} aria-labelledby="calendar-title" {...dragHandlers}>
          <thead>
            <tr>
              {view === 'week' ? (
                <th scope="col" className="calendar-hour">
                  <span className="visually-hidden">Hour ({timeZone})</span>
                </th>
              ) : null}
              {days.slice(0, 7).map((each) => (
                <th key={each} scope="col" aria-current={view === 'week' && each === today ? 'date' : undefined}>
                  {view === 'week' ? dayLabel(each) : dayLabel(each).slice(0, 3)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {view === 'month'
              ? weeks.map((week) => (
                  <tr key={week[0]}>
                    {week.map((each) => (
                      <td key={each} data-day={each} className={slotClass(each)}>
                        <span className="calendar-date" aria-current={each === today ? 'date' : undefined}>
                          <time dateTime={each}>
                            <span aria-hidden="true">{Number(each.slice(8))}</span>
                            <span className="visually-hidden">{dayLabel(each, true)}</span>
                          </time>
                        </span>
                        {chips(each)}
                      </td>
                    ))}
                  </tr>
                ))
              : HOURS.map((hour) => (
                  <tr key={hour}>
                    <th scope="row" className="calendar-hour">
                      {hour}:00
                    </th>
                    {days.map((each) => (
                      <td key={each} data-day={each} data-hour={hour} className={slotClass(each, hour)}>
                        {chips(`${each}T${hour}`)}
                      </td>
                    ))}
                  </tr>
                ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
