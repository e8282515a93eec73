import { fromLocalInput, localDay } from './zoned-time.ts'

/**
 * The days a calendar shows, as the person's wall calendar has them. Days are "2026-12-09"
 * strings: counting days and months is the same in every zone, so it is done on those names, and
 * only the edges of the shown range become moments, through the zone (`calendarRange`). A day
 * therefore ends at the next day's midnight there, whether it has 23, 24 or 25 hours.
 */

export type CalendarView = 'week' | 'month'

export const CALENDAR_VIEWS: readonly CalendarView[] = ['month', 'week']

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

function toUtc(day: string): Date {
  const [, y, m, d] = DAY.exec(day)!
  return new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)))
}

function nameOf(date: Date): string {
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`
}

/** Whether `value` names a real day ("2026-02-30" does not). */
export function isDay(value: string): boolean {
  return DAY.test(value) && nameOf(toUtc(value)) === value
}

export function addDays(day: string, days: number): string {
  const date = toUtc(day)
  date.setUTCDate(date.getUTCDate() + days)
  return nameOf(date)
}

/** The Monday of the week `day` is in. */
export function weekStart(day: string): string {
  return addDays(day, -((toUtc(day).getUTCDay() + 6) % 7))
}

function monthStart(day: string): string {
  return `${day.slice(0, 8)}01`
}

function addMonths(day: string, months: number): string {
  const date = toUtc(monthStart(day))
  date.setUTCMonth(date.getUTCMonth() + months)
  return nameOf(date)
}

/**
 * The days a view of `day` shows, whole weeks from Monday: the week itself, or every week that
 * has a day of the month.
 */
export function calendarDays(view: CalendarView, day: string): string[] {
  const first = weekStart(view === 'week' ? day : monthStart(day))
  const end = addDays(weekStart(view === 'week' ? day : addDays(addMonths(day, 1), -1)), 7)
  const days: string[] = []
  for (let each = first; each < end; each = addDays(each, 1)) days.push(each)
  return days
}

/** The day the previous (-1) or next (1) week or month starts on. */
export function shiftDay(view: CalendarView, day: string, step: -1 | 1): string {
  return view === 'week' ? addDays(weekStart(day), 7 * step) : addMonths(day, step)
}

/** Whether `day` is in the month the view of `anchor` is about (days of the weeks around it are not). */
export function inMonth(day: string, anchor: string): boolean {
  return day.slice(0, 7) === anchor.slice(0, 7)
}

/** From the first shown day's midnight in the zone to the midnight after the last one. */
export function calendarRange(days: readonly string[], timeZone: string): { from: Date; to: Date } {
  return { from: fromLocalInput(days[0]!, timeZone)!, to: fromLocalInput(addDays(days.at(-1)!, 1), timeZone)! }
}

/** Today in the zone. */
export function today(timeZone: string, now = new Date()): string {
  return localDay(now, timeZone)
}

const dayLabels = new Map<string, Intl.DateTimeFormat>()

/** "Mon 7 Dec" (`long`: "Monday 7 December 2026"), read in UTC because a day name has no zone. */
export function dayLabel(day: string, long = false): string {
  const key = long ? 'long' : 'short'
  let format = dayLabels.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'UTC',
      weekday: key,
      day: 'numeric',
      month: key,
      ...(long ? { year: 'numeric' } : {}),
    })
    dayLabels.set(key, format)
  }
  return format.format(toUtc(day)).replace(/,/g, '')
}

/** "December 2026", or "30 Nov – 6 Dec 2026" for a week. */
export function viewTitle(view: CalendarView, day: string): string {
  if (view === 'month') return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(toUtc(day))
  const days = calendarDays('week', day)
  const short = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' })
  return `${short.format(toUtc(days[0]!))} – ${short.format(toUtc(days[6]!))} ${days[6]!.slice(0, 4)}`
}
