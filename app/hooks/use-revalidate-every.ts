import { useRevalidator } from '@remix-run/react'
import { useEffect, useRef } from 'react'

/**
 * Re-runs the page's loaders every `intervalMs` (never while it is null), so progress shows without
 * a manual reload. Skips a tick while a reload is still running or the tab is hidden.
 */
export function useRevalidateEvery(intervalMs: number | null): void {
  const revalidator = useRevalidator()
  const latest = useRef(revalidator)
  latest.current = revalidator
  useEffect(() => {
    if (intervalMs === null) return
    const timer = setInterval(() => {
      if (latest.current.state === 'idle' && document.visibilityState === 'visible') latest.current.revalidate()
    }, intervalMs)
    return () => clearInterval(timer)
  }, [intervalMs])
}
