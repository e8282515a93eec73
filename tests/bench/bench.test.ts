/**
 * Every benchmark once at its tiny size, so that they keep working as the code changes. Only the
 * shape of the figures and the correctness ones are checked: times depend on the machine.
 */
import { describe, expect, inject, it } from 'vitest'
import { testDatabaseKind } from '#tests/db-utils.ts'
import { apiThroughput } from './api-throughput.ts'
import { dashboard } from './dashboard.ts'
import { fanOut } from './fan-out.ts'
import { usePgliteTemplate } from './harness.ts'
import type { Row } from './measure.ts'
import { queueScale } from './queue-scale.ts'
import { refreshStorm } from './refresh-storm.ts'

const engine = testDatabaseKind()
// The run's migrated template, instead of migrating PGlite again here.
if (engine === 'pglite') usePgliteTemplate(inject('testDatabaseTemplate'))

// A guard against a hang, not a measure: under a busy CI run queue scale alone has taken over 60 s.
const TIMEOUT = { timeout: 180_000 }

function expectFigures(rows: Row[]): void {
  expect(rows.length).toBeGreaterThan(0)
  for (const row of rows) {
    expect(Number.isFinite(row.measured), `${row.benchmark}: ${row.case}`).toBe(true)
    if (row.baseline !== null) expect(Number.isFinite(row.ratio!), `${row.benchmark}: ${row.case}`).toBe(true)
  }
}

const figure = (rows: Row[], name: string) => rows.find((row) => row.case.includes(name))?.measured

describe(`benchmarks at tiny size on ${engine}`, () => {
  it('publish fan-out', TIMEOUT, async () => {
    expectFigures(await fanOut({ size: 'tiny', engines: [engine] }))
  })

  it('API throughput', TIMEOUT, async () => {
    expectFigures(await apiThroughput({ size: 'tiny', engines: [engine] }))
  })

  it('token refresh storm: one refresh', TIMEOUT, async () => {
    const rows = await refreshStorm({ size: 'tiny', engine })
    expectFigures(rows)
    expect(figure(rows, 'refresh calls')).toBe(1)
  })

  it('dashboard', TIMEOUT, async () => {
    expectFigures(await dashboard({ size: 'tiny', engine }))
  })

  // Worker processes sharing one database is the PostgreSQL setup.
  describe.runIf(engine === 'postgres')('on PostgreSQL only', () => {
    it('queue scale: nothing published twice', TIMEOUT, async () => {
      const rows = await queueScale({ size: 'tiny' })
      expectFigures(rows)
      expect(figure(rows, 'duplicate publishes')).toBe(0)
    })
  })
})
