import { useEffect, useState } from 'react'

/**
 * False during server rendering and the first client render, true once React runs in the browser.
 * Controls that need JavaScript (a disabled Publish button, "Select all") wait for it, so the page
 * works as plain HTML forms before then and without JavaScript at all.
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false)
  useEffect(() => setHydrated(true), [])
  return hydrated
}
