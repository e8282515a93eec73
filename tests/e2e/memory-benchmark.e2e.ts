/**
 * The memory benchmark once at its tiny size (it starts `npm start`, hence the browser tests'
 * project, whose setup builds the app), so that it keeps working as the code changes. Memory
 * depends on the machine, so only the figures' shape is checked.
 */
import { describe, expect, it } from 'vitest'
import { memory } from '../bench/memory.ts'

describe('the memory benchmark at tiny size', () => {
  it('reports the start-up peak, the idle size and the growth with use', { timeout: 300_000 }, async () => {
    const rows = await memory({ size: 'tiny' })
    expect(rows.map((row) => row.case)).toHaveLength(3)
    for (const row of rows) expect(row.measured, row.case).toBeGreaterThan(0)
    expect(Number.isFinite(rows[2]!.ratio!)).toBe(true)
  })
})
