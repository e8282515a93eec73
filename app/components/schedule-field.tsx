import { toLocalInput } from '#app/shared/zoned-time.ts'

type Props = {
  value: string
  onChange: (value: string) => void
  timeZone: string
  error: string | undefined
  /** Ids so that two of these on one page (the composer and a reschedule form) stay apart. */
  id?: string
}

/**
 * The time a post goes out at, as the person reads clocks: a `datetime-local` field (a picker in
 * every browser, plain text where there is none) in their own zone, which the label names and the
 * form sends along, so the server reads the same wall-clock time the person typed.
 */
export function ScheduleField({ value, onChange, timeZone, error, id = 'post-scheduled-at' }: Props) {
  const hintId = `${id}-hint`
  const errorId = `${id}-error`
  return (
    <div className="field schedule-field">
      <label htmlFor={id}>
        Schedule for <span className="optional">(date and time, {timeZone})</span>
      </label>
      <input
        id={id}
        name="scheduledAt"
        type="datetime-local"
        value={value}
        min={toLocalInput(new Date(), timeZone)}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : hintId}
      />
      <input type="hidden" name="timeZone" value={timeZone} />
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : (
        <p id={hintId} className="hint">
          Press Schedule to publish at this time, or Publish now to send it at once. Times are in {timeZone} (change it in{' '}
          <a href="/settings">Settings</a>).
        </p>
      )}
    </div>
  )
}
