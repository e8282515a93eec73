import { useEffect, useState } from 'react'

type Props = { iso: string; dateOnly?: boolean }

function format(iso: string, dateOnly: boolean, timeZone?: string): string {
  const options: Intl.DateTimeFormatOptions = dateOnly ? { dateStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'short' }
  return new Intl.DateTimeFormat(timeZone ? 'en-GB' : undefined, { ...options, timeZone }).format(new Date(iso))
}

/**
 * A moment in the reader's own time zone. The server does not know it, so it renders UTC (and says
 * so); the browser rewrites the text once it runs.
 */
export function LocalTime({ iso, dateOnly = false }: Props) {
  const [text, setText] = useState(() => `${format(iso, dateOnly, 'UTC')}${dateOnly ? '' : ' UTC'}`)
  useEffect(() => setText(format(iso, dateOnly)), [iso, dateOnly])
  return <time dateTime={iso}>{text}</time>
}
