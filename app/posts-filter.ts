import type { PostFilter, PostStatus, Platform } from '#app/gql/graphql.ts'
import { addDays, isDay } from '#app/shared/calendar.ts'
import { fromLocalInput } from '#app/shared/zoned-time.ts'

/**
 * The Posts page's filter form (a GET form, so a filtered list is a link anyone can bookmark):
 * what its fields are called and how they become the `posts` query's filter, with dates read as
 * days in the person's zone.
 */
export type PostsQuery = { status: string; platform: string; pageId: string; from: string; to: string; q: string }

export const STATUS_CHOICES: readonly { value: PostStatus; label: string }[] = [
  { value: 'SCHEDULED', label: 'Scheduled' },
  { value: 'PUBLISHING', label: 'Publishing' },
  { value: 'PUBLISHED', label: 'Published' },
  { value: 'PARTIAL', label: 'Partly published' },
  { value: 'FAILED', label: 'Failed' },
  { value: 'UNCONFIRMED', label: 'Check needed' },
  { value: 'CANCELLED', label: 'Cancelled' },
]

export function readPostsQuery(params: URLSearchParams): PostsQuery {
  const get = (name: string) => (params.get(name) ?? '').trim()
  return { status: get('status'), platform: get('platform'), pageId: get('pageId'), from: get('from'), to: get('to'), q: get('q') }
}

/** The API filter for the form's values, and what in them could not be read. */
export function postFilter(query: PostsQuery, timeZone: string): { filter: PostFilter; problems: string[] } {
  const filter: PostFilter = {}
  const problems: string[] = []
  const status = STATUS_CHOICES.find((choice) => choice.value === query.status)
  if (status) filter.status = [status.value]
  else if (query.status) problems.push(`“${query.status}” is not a status; pick one from the list.`)
  if (query.platform === 'THREADS' || query.platform === 'FACEBOOK') filter.platform = query.platform satisfies Platform
  if (query.pageId) filter.pageId = query.pageId
  const day = (value: string, label: string, shift: (day: string) => string) => {
    if (!value) return null
    const at = isDay(value) ? fromLocalInput(shift(value), timeZone) : null
    if (!at) problems.push(`The ${label} date “${value}” is not a date: use the picker, or type it as 2026-12-09.`)
    return at?.toISOString() ?? null
  }
  const from = day(query.from, 'from', (d) => d)
  const to = day(query.to, 'to', (d) => addDays(d, 1))
  if (from) filter.from = from
  if (to) filter.to = to
  if (query.q) filter.search = query.q
  return { filter, problems }
}

/** The page's address for these filters, optionally from a cursor on. */
export function postsHref(query: PostsQuery, after?: string): string {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) if (value) params.set(name, value)
  if (after) params.set('after', after)
  const search = params.toString()
  return search ? `/posts?${search}` : '/posts'
}
