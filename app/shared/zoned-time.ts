/**
 * Times in a person's IANA time zone, for the server and the browser alike. Only `Intl` is used:
 * every zone Node and the browsers know works, with their own daylight-saving rules.
 */

export const DEFAULT_TIME_ZONE = 'UTC'

/** Whether `name` is an IANA zone this runtime knows ("Europe/Berlin", "UTC"). */
export function isTimeZone(name: string): boolean {
  if (!name || name.length > 64) return false
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name })
    return true
  } catch {
    return false
  }
}

type Parts = { year: number; month: number; day: number; hour: number; minute: number; second: number }

const partFormats = new Map<string, Intl.DateTimeFormat>()

function partsIn(date: Date, timeZone: string): Parts {
  let format = partFormats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    partFormats.set(timeZone, format)
  }
  const parts = Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value]))
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  }
}

/** How far the zone's wall clock is ahead of UTC at `date`, in milliseconds. */
function offsetMs(date: Date, timeZone: string): number {
  const p = partsIn(date, timeZone)
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
  return wall - Math.floor(date.getTime() / 1000) * 1000
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** The wall-clock time at `date` in the zone, as a `datetime-local` value ("2026-12-09T09:00"). */
export function toLocalInput(date: Date, timeZone: string): string {
  const p = partsIn(date, timeZone)
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`
}

/** The calendar day at `date` in the zone ("2026-12-09"). */
export function localDay(date: Date, timeZone: string): string {
  return toLocalInput(date, timeZone).slice(0, 10)
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/

/**
 * The moment a wall-clock time in the zone names, or null when `value` is not a date
 * ("2026-12-09") or a `datetime-local` value ("2026-12-09T09:00"). A time the clocks skip when
 * daylight saving starts is taken as the same time after the jump; a time that happens twice
 * when it ends, as the first one.
 */
export function fromLocalInput(value: string, timeZone: string): Date | null {
  const match = LOCAL_INPUT.exec(value.trim())
  if (!match) return null
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = match
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s))
  const check = new Date(wall)
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59) return null
  // The offsets a day before and a day after cover both sides of any change of offset nearby.
  const day = 24 * 60 * 60 * 1000
  const before = wall - offsetMs(new Date(wall - day), timeZone)
  const after = wall - offsetMs(new Date(wall + day), timeZone)
  const wanted = toLocalInput(check, 'UTC')
  const valid = [before, after].filter((at) => toLocalInput(new Date(at), timeZone) === wanted)
  return new Date(valid.length > 0 ? Math.min(...valid) : before)
}

/** "Tue 9 Dec, 09:00", in the zone (the year only when it is not the current one there). */
export function formatInZone(date: Date, timeZone: string, now = new Date()): string {
  const sameYear = partsIn(date, timeZone).year === partsIn(now, timeZone).year
  const day = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(date)
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date)
  return `${day.replace(/,/g, '')}, ${time}`
}

/** "Tue 9 Dec, 09:00 (Europe/Berlin)": a time as the person reads it, with its zone named. */
export function labelInZone(date: Date, timeZone: string, now = new Date()): string {
  return `${formatInZone(date, timeZone, now)} (${timeZone})`
}
