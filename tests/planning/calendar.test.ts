import { describe, expect, it } from 'vitest'
import { action, loader } from '#app/routes/calendar.tsx'
import { addDays, calendarDays, calendarRange } from '#app/shared/calendar.ts'
import { fromLocalInput, toLocalInput } from '#app/shared/zoned-time.ts'
import { graphql } from '#tests/graphql/helpers.ts'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { connectedUser, publish } from '#tests/publishing/helpers.ts'
import { useWorker } from '#tests/worker-harness.ts'
import { actionArgs, APP, cookieFrom, dataResult, getRequest, loaderArgs, settle } from '#tests/utils.ts'

const meta = useMetaSandbox()
useWorker()

const ZONE = 'Europe/Berlin'
type LoaderData = Awaited<ReturnType<typeof loader>>['data']

async function load(path: string, cookie: string): Promise<LoaderData> {
  return ((await loader(loaderArgs(getRequest(path, cookie)))) as unknown as { data: LoaderData }).data
}

/** The next last Sunday of `month` (1–12) at least two days ahead: the day Berlin's clocks change. */
function nextLastSunday(month: number): string {
  const now = new Date()
  for (let year = now.getUTCFullYear(); ; year += 1) {
    const last = new Date(Date.UTC(year, month, 0))
    last.setUTCDate(last.getUTCDate() - last.getUTCDay())
    if (last.getTime() > now.getTime() + 2 * 24 * 3600_000) return last.toISOString().slice(0, 10)
  }
}

async function inBerlin(cookie: string) {
  const set = await graphql('mutation { updateTimeZone(input: { timeZone: "Europe/Berlin" }) { __typename } }', { cookie })
  expect(set.body.data).toEqual({ updateTimeZone: { __typename: 'User' } })
}

async function scheduleAt(cookie: string, text: string, local: string): Promise<string> {
  const result = await publish(cookie, {
    platforms: ['THREADS'],
    content: { text },
    scheduledAt: fromLocalInput(local, ZONE)!.toISOString(),
  })
  expect(result.__typename).toBe('PublishPostResult')
  return result.post!.id
}

const RANGE = `query ($filter: PostFilter!) { posts(first: 100, filter: $filter) { edges { node { text } } } }`

async function textsBetween(cookie: string, range: { from: Date; to: Date }): Promise<string[]> {
  const result = await graphql<{ posts: { edges: { node: { text: string } }[] } }>(RANGE, {
    cookie,
    variables: { filter: { from: range.from.toISOString(), to: range.to.toISOString() } },
  })
  return result.body.data!.posts.edges.map((edge) => edge.node.text).sort()
}

describe('the calendar', () => {
  it('moves a post to the day it is dropped on and answers with the same view, or says why not', async () => {
    const person = await connectedUser(meta)
    await inBerlin(person.cookie)
    const day = toLocalInput(new Date(Date.now() + 3 * 24 * 3600_000), ZONE).slice(0, 10)
    const postId = await scheduleAt(person.cookie, 'Drag me', `${day}T09:30`)
    const view = `/calendar?view=month&date=${day}`
    const submit = (fields: Record<string, string>) =>
      action(
        actionArgs(
          new Request(new URL(`${view}&reschedule=${postId}`, APP), {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: person.cookie },
            body: new URLSearchParams({ intent: 'reschedule', postId, timeZone: ZONE, ...fields }),
          }),
        ),
      )

    const moved = await settle(submit({ scheduledAt: `${addDays(day, 1)}T09:30` }))
    expect(moved.headers.get('location')).toBe(view)
    // The flash travels in its own cookie, as the browser would send it back.
    const after = await load(view, `${person.cookie}; ${cookieFrom(moved)}`)
    expect(after.flash).toMatchObject({ tone: 'success', message: expect.stringMatching(/^Rescheduled for .* \(Europe\/Berlin\)\.$/) })
    expect(after.posts.find((post) => post.id === postId)!.at).toBe(fromLocalInput(`${addDays(day, 1)}T09:30`, ZONE)!.toISOString())

    const refused = dataResult<{ postId: string; error: string }>(await submit({ scheduledAt: '2020-01-01T09:30' }))
    expect(refused).toEqual({
      status: 400,
      data: expect.objectContaining({ postId, error: 'Choose a time at least a minute from now, or publish now.' }),
    })

    // A post no longer waiting (cancelled in another tab, say): the API refuses, and the page says so in its words.
    const cancelled = await graphql('mutation ($id: ID!) { cancelPost(input: { postId: $id }) { __typename } }', {
      cookie: person.cookie,
      variables: { id: postId },
    })
    expect(cancelled.body.data).toEqual({ cancelPost: { __typename: 'Post' } })
    const late = await settle(submit({ scheduledAt: `${addDays(day, 2)}T09:30` }))
    const started = await load(view, `${person.cookie}; ${cookieFrom(late)}`)
    expect(started.flash).toMatchObject({
      tone: 'error',
      message: 'Publishing of this post has already started, so it can no longer be cancelled or moved.',
    })
  })

  it('opens the reschedule form for a scheduled post in view, and says when it cannot', async () => {
    const person = await connectedUser(meta)
    const day = toLocalInput(new Date(Date.now() + 3 * 24 * 3600_000), 'UTC').slice(0, 10)
    const postId = await scheduleAt(person.cookie, 'Move me by form', `${day}T10:00`)
    const open = await load(`/calendar?view=week&date=${day}&reschedule=${postId}`, person.cookie)
    expect(open.reschedule).toMatchObject({ id: postId, text: 'Move me by form' })
    const gone = await load(`/calendar?view=week&date=${addDays(day, 14)}&reschedule=${postId}`, person.cookie)
    expect([gone.reschedule, gone.rescheduleGone]).toEqual([null, true])
  })

  it('puts posts on the days of the person’s zone, 25-hour and 23-hour days included, and only theirs', async () => {
    const autumn = nextLastSunday(10)
    const spring = nextLastSunday(3)
    const person = await connectedUser(meta)
    const other = await connectedUser(meta)
    await inBerlin(person.cookie)
    await scheduleAt(person.cookie, 'autumn early', `${autumn}T00:15`)
    await scheduleAt(person.cookie, 'autumn late', `${autumn}T23:30`)
    // 00:30 in Berlin is still the previous day in UTC: it belongs to the next day here.
    await scheduleAt(person.cookie, 'after autumn', `${addDays(autumn, 1)}T00:30`)
    await scheduleAt(person.cookie, 'spring late', `${spring}T23:30`)
    await scheduleAt(person.cookie, 'after spring', `${addDays(spring, 1)}T00:30`)
    await scheduleAt(other.cookie, 'someone else', `${autumn}T12:00`)

    expect(await textsBetween(person.cookie, calendarRange([autumn], ZONE))).toEqual(['autumn early', 'autumn late'])
    expect(await textsBetween(person.cookie, calendarRange([spring], ZONE))).toEqual(['spring late'])
    expect(await textsBetween(other.cookie, calendarRange([autumn], ZONE))).toEqual(['someone else'])

    // The same on the page: the week ending on the autumn Sunday, and the month of the day after.
    const week = await load(`/calendar?view=week&date=${autumn}`, person.cookie)
    expect(week.days).toEqual(calendarDays('week', autumn))
    expect(week.timeZone).toBe(ZONE)
    expect(week.posts.map((post) => [post.text, toLocalInput(new Date(post.at), ZONE)])).toEqual([
      ['autumn early', `${autumn}T00:15`],
      ['autumn late', `${autumn}T23:30`],
    ])
    const month = await load(`/calendar?date=${addDays(autumn, 1)}`, person.cookie)
    expect(month.view).toBe('month')
    expect(month.posts.map((post) => post.text)).toContain('after autumn')
    expect(month.posts.map((post) => post.text)).not.toContain('someone else')
  })
})
