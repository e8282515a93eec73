/**
 * The benchmarks that start `npm start` (memory, media), once at their tiny size, in the browser
 * tests' project whose setup builds the app, so that they keep working as the code changes. Memory
 * and speed depend on the machine, so only the figures' shape is checked.
 */
import { describe, expect, it } from 'vitest'
import { media } from '../bench/media.ts'
import { memory } from '../bench/memory.ts'
import type { Row } from '../bench/measure.ts'

const TIMEOUT = { timeout: 300_000 }

function expectFigures(rows: Row[], count: number): void {
  expect(rows).toHaveLength(count)
  for (const row of rows) {
    expect(Number.isFinite(row.measured), row.case).toBe(true)
    if (row.baseline !== null) expect(Number.isFinite(row.ratio!), row.case).toBe(true)
  }
}

describe('benchmarks of npm start at tiny size', () => {
  it('memory: the start-up peak, the idle size and the growth with use', TIMEOUT, async () => {
    expectFigures(await memory({ size: 'tiny' }), 3)
  })

  it('media: upload and read speed against a plain copy, and the memory a file costs', TIMEOUT, async () => {
    expectFigures(await media({ size: 'tiny' }), 6)
  })
})
