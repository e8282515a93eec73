import { Link, useLocation } from '@remix-run/react'
import { useEffect, useState } from 'react'
import type { Flash } from '#app/flash.server.ts'

/**
 * The one-time message after a redirect (a connection made, a Page removed, a failure). The message
 * is used up when first loaded, so it is remembered here for as long as the person stays on that
 * page (background reloads included) and goes at the next navigation. Dismissing is a link to the
 * page itself, which JavaScript turns into simply hiding it.
 */
export function FlashMessage({ flash }: { flash: Flash | null }) {
  const { key } = useLocation()
  const [kept, setKept] = useState(flash ? { flash, key } : null)
  useEffect(() => {
    if (flash) setKept({ flash, key })
  }, [flash, key])
  const shown = kept?.key === key ? kept.flash : null
  if (!shown) return null
  return (
    <div className={`alert flash ${shown.tone}`} role={shown.tone === 'error' ? 'alert' : 'status'}>
      <span aria-hidden="true" className="flash-icon">
        {shown.tone === 'success' ? '✓' : '!'}
      </span>
      <p>{shown.message}</p>
      <Link
        to="."
        className="flash-dismiss"
        aria-label="Dismiss this message"
        onClick={(event) => {
          event.preventDefault()
          setKept(null)
        }}
      >
        ×
      </Link>
    </div>
  )
}
