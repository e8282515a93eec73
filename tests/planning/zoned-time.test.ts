import { describe, expect, it } from 'vitest'
import { postFilter, readPostsQuery } from '#app/posts-filter.ts'
import { targetSummaryLine } from '#app/post-summary.ts'
import { formatInZone, fromLocalInput, isTimeZone, labelInZone, toLocalInput } from '#app/shared/zoned-time.ts'

describe('times in a person’s zone', () => {
  it('reads a wall-clock time in the zone and writes it back the same', () => {
    const at = fromLocalInput('2026-12-09T09:00', 'Europe/Berlin')
    expect(at?.toISOString()).toBe('2026-12-09T08:00:00.000Z')
    expect(toLocalInput(at!, 'Europe/Berlin')).toBe('2026-12-09T09:00')
    expect(fromLocalInput('2026-07-01T09:00', 'America/New_York')?.toISOString()).toBe('2026-07-01T13:00:00.000Z')
    expect(fromLocalInput('2026-12-09T09:00', 'UTC')?.toISOString()).toBe('2026-12-09T09:00:00.000Z')
  })

  it('takes a time the clocks skip as the time after the jump, and a repeated one as its first occurrence', () => {
    // Berlin skips 02:00–03:00 on 29 March 2026 and repeats 02:00–03:00 on 25 October 2026.
    expect(fromLocalInput('2026-03-29T02:30', 'Europe/Berlin')?.toISOString()).toBe('2026-03-29T01:30:00.000Z')
    expect(fromLocalInput('2026-10-25T02:30', 'Europe/Berlin')?.toISOString()).toBe('2026-10-25T00:30:00.000Z')
  })

  it('refuses what is not a date and names zones it does not know', () => {
    expect(fromLocalInput('2026-02-30T09:00', 'UTC')).toBeNull()
    expect(fromLocalInput('tomorrow', 'UTC')).toBeNull()
    expect(isTimeZone('Europe/Berlin')).toBe(true)
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false)
  })

  it('labels a time as the issue asks: "Tue 9 Dec, 09:00 (Europe/Berlin)"', () => {
    const now = new Date('2025-12-05T12:00:00Z')
    expect(labelInZone(new Date('2025-12-09T08:00:00Z'), 'Europe/Berlin', now)).toBe('Tue 9 Dec, 09:00 (Europe/Berlin)')
    expect(formatInZone(new Date('2026-01-05T08:00:00Z'), 'Europe/Berlin', now)).toBe('Mon 5 Jan 2026, 09:00')
  })
})

describe('the Posts page’s filters', () => {
  it('reads dates as whole days in the person’s zone and says which field it could not read', () => {
    const query = readPostsQuery(new URLSearchParams({ status: 'FAILED', from: '2026-12-01', to: '2026-12-01', q: ' launch ' }))
    expect(postFilter(query, 'Europe/Berlin')).toEqual({
      filter: { status: ['FAILED'], from: '2026-11-30T23:00:00.000Z', to: '2026-12-01T23:00:00.000Z', search: 'launch' },
      problems: [],
    })
    const bad = postFilter(readPostsQuery(new URLSearchParams({ status: 'LOST', from: '1 Dec' })), 'UTC')
    expect(bad.problems).toEqual([
      '“LOST” is not a status; pick one from the list.',
      'The from date “1 Dec” is not a date: use the picker, or type it as 2026-12-09.',
    ])
  })

  it('sums up a post in one line however many Pages it went to', () => {
    const summary = (platform: 'THREADS' | 'FACEBOOK', counts: Partial<Record<'total' | 'published' | 'failed', number>>) => ({
      platform,
      total: 0,
      published: 0,
      inProgress: 0,
      retrying: 0,
      failed: 0,
      unconfirmed: 0,
      ...counts,
    })
    const post = {
      status: 'PARTIAL' as const,
      targetSummary: [summary('THREADS', { total: 1, published: 1 }), summary('FACEBOOK', { total: 14, published: 12, failed: 2 })],
    }
    expect(targetSummaryLine(post)).toBe('Threads published · Facebook: 12 of 14 Pages published, 2 failed')
    expect(targetSummaryLine({ ...post, status: 'SCHEDULED' })).toBe('Threads and 14 Facebook Pages')
  })
})
