import { useLocation } from '@remix-run/react'

/**
 * Without JavaScript, reloads the page every few seconds while something on it is still moving.
 * The address is given without its fragment: a refresh to "#results" of the same page would only
 * scroll, not reload.
 */
export function SelfRefresh({ seconds }: { seconds: number }) {
  const { pathname, search } = useLocation()
  return (
    <noscript>
      <meta httpEquiv="refresh" content={`${seconds}; url=${pathname}${search}`} />
    </noscript>
  )
}
