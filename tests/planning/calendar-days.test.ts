import { describe, expect, it } from 'vitest'
import { addDays, calendarDays, calendarRange, dayLabel, isDay, shiftDay, viewTitle, weekStart } from '#app/shared/calendar.ts'
import { postFilter, readPostsQuery } from '#app/posts-filter.ts'

describe('the days a calendar shows', () => {
  it('shows a week from Monday and a month as whole weeks around it', () => {
    expect(weekStart('2026-12-05')).toBe('2026-11-30')
    expect(weekStart('2026-11-30')).toBe('2026-11-30')
    expect(calendarDays('week', '2026-12-05')).toEqual([
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
      '2026-12-06',
    ])
    const december = calendarDays('month', '2026-12-17')
    expect([december[0], december.at(-1), december.length]).toEqual(['2026-11-30', '2027-01-03', 35])
    // February 2027 starts on a Monday and ends on a Sunday: exactly four weeks.
    const february = calendarDays('month', '2027-02-10')
    expect([february[0], february.at(-1), february.length]).toEqual(['2027-02-01', '2027-02-28', 28])
  })

  it('steps a week or a month at a time, across the end of a year and into a shorter month', () => {
    expect(shiftDay('week', '2026-12-31', 1)).toBe('2027-01-04')
    expect(shiftDay('week', '2026-12-31', -1)).toBe('2026-12-21')
    expect(shiftDay('month', '2027-01-31', 1)).toBe('2027-02-01')
    expect(shiftDay('month', '2027-01-15', -1)).toBe('2026-12-01')
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
  })

  it('ends each day at the next midnight in the zone, whatever the length of the day', () => {
    // Berlin's clocks go forward on 28 March 2027 (a 23-hour day) and back on 31 October 2027 (25 hours).
    const spring = calendarRange(['2027-03-28'], 'Europe/Berlin')
    expect([spring.from.toISOString(), spring.to.toISOString()]).toEqual(['2027-03-27T23:00:00.000Z', '2027-03-28T22:00:00.000Z'])
    const autumn = calendarRange(['2027-10-31'], 'Europe/Berlin')
    expect([autumn.from.toISOString(), autumn.to.toISOString()]).toEqual(['2027-10-30T22:00:00.000Z', '2027-10-31T23:00:00.000Z'])
    // Santiago skips midnight itself when its clocks go forward: that day starts at 01:00.
    const skipped = calendarRange(['2026-09-06'], 'America/Santiago')
    expect(skipped.from.toISOString()).toBe('2026-09-06T04:00:00.000Z')
    const week = calendarRange(calendarDays('week', '2027-10-31'), 'America/New_York')
    expect([week.from.toISOString(), week.to.toISOString()]).toEqual(['2027-10-25T04:00:00.000Z', '2027-11-01T04:00:00.000Z'])
  })

  it('names days and views in words, and refuses days that do not exist', () => {
    expect(dayLabel('2026-12-07')).toBe('Mon 7 Dec')
    expect(dayLabel('2026-12-07', true)).toBe('Monday 7 December 2026')
    expect(viewTitle('month', '2026-12-05')).toBe('December 2026')
    expect(viewTitle('week', '2026-12-05')).toBe('30 Nov – 6 Dec 2026')
    expect(isDay('2026-02-29')).toBe(false)
    expect(isDay('2028-02-29')).toBe(true)
    expect(isDay('2026-12-5')).toBe(false)
    expect(postFilter(readPostsQuery(new URLSearchParams({ to: '2026-02-30' })), 'UTC').problems).toHaveLength(1)
  })
})
