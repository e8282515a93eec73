import { prisma } from './db.ts'
import { jobHealth } from './job-health.ts'

/** A database that does not answer within this is down, as far as a load balancer cares. */
const DATABASE_TIMEOUT_MS = 3_000
/** A job fetch that failed this recently means this process may not be taking jobs. */
const FETCH_FAILING_WINDOW_MS = 60_000

export type HealthReport = {
  status: 'ok' | 'unhealthy'
  database: 'ok' | 'unreachable'
  jobs: { fetchErrors: number; lastFetchErrorAt: string | null; fetching: 'ok' | 'failing' }
}

async function databaseAnswers(): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), DATABASE_TIMEOUT_MS)))
  const ping = prisma.$queryRawUnsafe('SELECT 1').then(
    () => true,
    () => false,
  )
  try {
    return await Promise.race([ping, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * This process's health, with counts and times only: an error's text can hold a connection string,
 * and the endpoint answers anyone.
 */
export async function healthReport(now = Date.now()): Promise<HealthReport> {
  const jobs = jobHealth()
  const fetchFailing = jobs.lastFetchErrorAt !== null && now - jobs.lastFetchErrorAt.getTime() < FETCH_FAILING_WINDOW_MS
  const database = (await databaseAnswers()) ? 'ok' : 'unreachable'
  return {
    status: database === 'ok' && !fetchFailing ? 'ok' : 'unhealthy',
    database,
    jobs: {
      fetchErrors: jobs.fetchFailures,
      lastFetchErrorAt: jobs.lastFetchErrorAt?.toISOString() ?? null,
      fetching: fetchFailing ? 'failing' : 'ok',
    },
  }
}
