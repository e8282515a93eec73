import { beforeAll, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase, prisma, useDatabase } from '#app/.server/db.ts'
import { jobHealth, recordFetchFailure } from '#app/.server/job-health.ts'
import { loader } from '#app/routes/healthz.ts'
import { testDatabaseKind } from '#tests/db-utils.ts'

// Issue 14, case 7: job fetch errors and an unreachable database show in health, with no details.

const SECRET_URL = 'postgresql://duopost:hunter2@127.0.0.1:1/unreachable'

async function health() {
  const response = await loader()
  return { status: response.status, text: await response.text(), cache: response.headers.get('cache-control') }
}

// The file's first query also starts Prisma's engine, which on a busy machine can outlast the
// health check's 3 s database timeout; these tests are about the report, not about a cold start.
beforeAll(() => prisma.$queryRawUnsafe('SELECT 1'))

describe('GET /healthz', () => {
  it('answers 200 with the database and job fetching both fine', async () => {
    const { status, text, cache } = await health()
    expect(status).toBe(200)
    expect(cache).toBe('no-store')
    expect(JSON.parse(text)).toEqual({
      status: 'ok',
      database: 'ok',
      jobs: { fetchErrors: jobHealth().fetchFailures, lastFetchErrorAt: null, fetching: 'ok' },
    })
  })

  it('answers 503 while job fetching fails, with the count and time but not the error text', async () => {
    recordFetchFailure(new Error(`connect ECONNREFUSED ${SECRET_URL}`))
    const { status, text } = await health()
    expect(status).toBe(503)
    const report = JSON.parse(text)
    expect(report).toMatchObject({ status: 'unhealthy', database: 'ok', jobs: { fetchErrors: 1, fetching: 'failing' } })
    expect(new Date(report.jobs.lastFetchErrorAt).getTime()).toBe(jobHealth().lastFetchErrorAt!.getTime())
    expect(text).not.toContain('hunter2')
    expect(text).not.toContain('ECONNREFUSED')
  })

  it.runIf(testDatabaseKind() === 'postgres')('answers 503 when the database is unreachable, without its address', async () => {
    await closeDatabase()
    useDatabase(openDatabase({ DATABASE_URL: SECRET_URL, DATA_DIR: '' }))
    try {
      const { status, text } = await health()
      expect(status).toBe(503)
      expect(JSON.parse(text)).toMatchObject({ status: 'unhealthy', database: 'unreachable' })
      expect(text).not.toContain('hunter2')
      expect(text).not.toContain('127.0.0.1')
    } finally {
      // The next query opens this file's own database again.
      await closeDatabase()
    }
  })
})
