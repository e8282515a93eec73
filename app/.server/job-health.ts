/** What this process knows about its job fetching, for the log and the health check. */
export type JobHealth = { fetchFailures: number; lastFetchError: string | null; lastFetchErrorAt: Date | null }

let health: JobHealth = { fetchFailures: 0, lastFetchError: null, lastFetchErrorAt: null }

export function recordFetchFailure(error: unknown): void {
  health.fetchFailures += 1
  health.lastFetchError = error instanceof Error ? error.message : String(error)
  health.lastFetchErrorAt = new Date()
}

export function jobHealth(): JobHealth {
  return { ...health }
}

/** pg-boss has stopped: the failures were its fetches', and a pg-boss started later begins clean. */
export function forgetJobHealth(): void {
  health = { fetchFailures: 0, lastFetchError: null, lastFetchErrorAt: null }
}
