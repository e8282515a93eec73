import { Form, useNavigation } from '@remix-run/react'

/** Every zone this runtime knows, UTC first; the same list on the server and in the browser build. */
function zoneNames(): string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')]
}

type Props = { timeZone: string; error: string | null; saved: boolean }

/** Where the person chooses the zone Duopost shows and takes every time in. */
export function TimeZoneForm({ timeZone, error, saved }: Props) {
  const saving = useNavigation().formData?.get('intent') === 'timeZone'
  return (
    <Form method="post" className="time-zone-form">
      <input type="hidden" name="intent" value="timeZone" />
      <div className="field">
        <label htmlFor="time-zone">Time zone</label>
        <select
          id="time-zone"
          name="timeZone"
          defaultValue={timeZone}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'time-zone-error' : 'time-zone-hint'}
        >
          {zoneNames().map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll('_', ' ')}
            </option>
          ))}
        </select>
        {error ? (
          <p id="time-zone-error" className="field-error">
            {error}
          </p>
        ) : (
          <p id="time-zone-hint" className="hint">
            Scheduled times, the calendar and every list show and take times in this zone.
          </p>
        )}
      </div>
      <button type="submit" className="button" disabled={saving}>
        {saving ? 'Saving…' : 'Save time zone'}
      </button>
      <p role="status" className="small">
        {saved ? `Times are now shown in ${timeZone}.` : null}
      </p>
    </Form>
  )
}
