import { describe, expect, it } from 'vitest'
import { action as dashboardAction, loader as dashboardLoader } from '#app/routes/dashboard.tsx'
import { action, loader } from '#app/routes/posts.tsx'
import { fromLocalInput, toLocalInput } from '#app/shared/zoned-time.ts'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { connectedUser, publish } from '#tests/publishing/helpers.ts'
import { actionArgs, APP, dataResult, getRequest, loaderArgs, settle } from '#tests/utils.ts'
import { useWorker } from '#tests/worker-harness.ts'

const meta = useMetaSandbox()
useWorker()

type LoaderData = Awaited<ReturnType<typeof loader>>['data']

async function load(path: string, cookie: string): Promise<LoaderData> {
  return ((await loader(loaderArgs(getRequest(path, cookie)))) as unknown as { data: LoaderData }).data
}

function submit(fields: Record<string, string>, cookie: string) {
  const request = new Request(new URL('/posts', APP), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams(fields),
  })
  return action(actionArgs(request))
}

const inHours = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString()

describe('/posts', () => {
  it('lists Upcoming apart, one line per post, and pages the rest with a cursor that keeps the filters', async () => {
    const user = await connectedUser(meta, { pages: 1 })
    await publish(user.cookie, { platforms: ['THREADS'], content: { text: 'Scheduled one' }, scheduledAt: inHours(3) })
    for (let i = 0; i < 21; i += 1) await publish(user.cookie, { platforms: ['THREADS'], content: { text: `Post ${i}` } })
    const first = await load('/posts?platform=THREADS', user.cookie)
    expect(first.upcoming.map((post) => post.text)).toEqual(['Scheduled one'])
    expect(first.posts).toHaveLength(20)
    expect(first.posts[0]!.targetSummary).toEqual([expect.objectContaining({ platform: 'THREADS', total: 1 })])
    const second = await load(`/posts?platform=THREADS&after=${encodeURIComponent(first.next!)}`, user.cookie)
    expect(second.paged).toBe(true)
    expect(second.posts.map((post) => post.text)).toEqual(['Post 0', 'Scheduled one'])
    expect(second.next).toBeNull()
  })

  it('says which filter it could not read instead of ignoring it', async () => {
    const user = await connectedUser(meta)
    const data = await load('/posts?from=yesterday&status=LOST', user.cookie)
    expect(data.problems).toEqual([
      '“LOST” is not a status; pick one from the list.',
      'The from date “yesterday” is not a date: use the picker, or type it as 2026-12-09.',
    ])
  })

  it('reschedules in the person’s zone, refuses a time in the past next to that post, and cancels', async () => {
    const user = await connectedUser(meta)
    const scheduled = await publish(user.cookie, { platforms: ['THREADS'], content: { text: 'Move me' }, scheduledAt: inHours(2) })
    const postId = scheduled.post!.id

    const refused = dataResult<{ postId: string; error: string }>(
      await submit({ intent: 'reschedule', postId, scheduledAt: '2020-01-01T09:00', timeZone: 'Europe/Berlin' }, user.cookie),
    )
    expect(refused.status).toBe(400)
    expect(refused.data).toMatchObject({ postId, error: 'Choose a time at least a minute from now, or publish now.' })

    const day = toLocalInput(new Date(Date.now() + 10 * 24 * 3600_000), 'Europe/Berlin').slice(0, 10)
    const moved = await settle(
      submit({ intent: 'reschedule', postId, scheduledAt: `${day}T09:00`, timeZone: 'Europe/Berlin' }, user.cookie),
    )
    expect(moved.headers.get('location')).toBe('/posts#upcoming')
    const after = await load('/posts', user.cookie)
    expect(after.upcoming[0]!.scheduledAt).toBe(fromLocalInput(`${day}T09:00`, 'Europe/Berlin')!.toISOString())
    expect(new Date(after.upcoming[0]!.scheduledAt!).getUTCHours()).toBeLessThan(9)

    await settle(submit({ intent: 'cancel', postId }, user.cookie))
    const cancelled = await load('/posts?status=CANCELLED', user.cookie)
    expect(cancelled.upcoming).toEqual([])
    expect(cancelled.posts.map((post) => post.status)).toEqual(['CANCELLED'])
    const again = await settle(submit({ intent: 'publishNow', postId }, user.cookie))
    expect(again.headers.get('location')).toBe('/posts#upcoming')
    expect(await meta.control.posts()).toEqual([])
  })
})

describe('changing a scheduled post from the composer', () => {
  it('opens it with its targets and time in the person’s zone, and saves the changes', async () => {
    const user = await connectedUser(meta, { pages: 1 })
    const scheduled = await publish(user.cookie, { platforms: ['THREADS'], content: { text: 'Before' }, scheduledAt: inHours(2) })
    const postId = scheduled.post!.id
    const page = (
      (await dashboardLoader(loaderArgs(getRequest(`/dashboard?change=${postId}`, user.cookie)))) as unknown as {
        data: { scheduled: { id: string; text: string } | null }
      }
    ).data
    expect(page.scheduled).toMatchObject({ id: postId, text: 'Before' })

    const day = toLocalInput(new Date(Date.now() + 5 * 24 * 3600_000), 'UTC').slice(0, 10)
    const request = new Request(new URL(`/dashboard?change=${postId}`, APP), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: user.cookie },
      body: new URLSearchParams([
        ['intent', 'edit'],
        ['postId', postId],
        ['text', 'After'],
        ['platform', 'FACEBOOK'],
        ['pageId', user.pageIds[0]!],
        ['when', 'schedule'],
        ['scheduledAt', `${day}T10:30`],
        ['timeZone', 'UTC'],
      ]),
    })
    const saved = await settle(dashboardAction(actionArgs(request)))
    expect(saved.headers.get('location')).toBe('/posts#upcoming')
    const after = await load('/posts', user.cookie)
    expect(after.upcoming[0]).toMatchObject({
      text: 'After',
      scheduledAt: `${day}T10:30:00.000Z`,
      targetSummary: [expect.objectContaining({ platform: 'FACEBOOK', total: 1 })],
    })
  })
})
