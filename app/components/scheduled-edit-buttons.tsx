import { Link } from '@remix-run/react'

/** The composer's buttons while it changes a scheduled post: save it at the chosen time, or leave it as it was. */
export function ScheduledEditButtons({ saving, disabled }: { saving: boolean; disabled: boolean }) {
  return (
    <div className="composer-buttons">
      <Link to="/posts#upcoming">Keep it as it was</Link>
      <button type="submit" name="when" value="schedule" className="button primary large" disabled={disabled || saving}>
        {saving ? 'Saving…' : 'Save changes'}
      </button>
    </div>
  )
}
