import { formatInZone, labelInZone } from '#app/shared/zoned-time.ts'

/**
 * A moment in the person's chosen zone. The zone comes with the page, so the server and the browser
 * render the same words; `withZone` names the zone after the time.
 */
export function ZonedTime({ iso, timeZone, withZone = false }: { iso: string; timeZone: string; withZone?: boolean }) {
  const date = new Date(iso)
  return <time dateTime={iso}>{withZone ? labelInZone(date, timeZone) : formatInZone(date, timeZone)}</time>
}
