/** The printed table and tests/bench/results.json: the same rows, with the machine they came from. */
import fs from 'node:fs'
import os from 'node:os'
import type { Row, Size } from './measure.ts'

export type Machine = { cpu: string; cores: number; memoryGiB: number; node: string; platform: string; date: string }

export function machine(): Machine {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    date: new Date().toISOString(),
  }
}

function cell(value: Row[keyof Row]): string {
  if (value === null) return ''
  if (typeof value === 'boolean') return value ? 'yes' : 'NO'
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2)
  return value
}

const COLUMNS = [
  'benchmark',
  'case',
  'measured',
  'baseline',
  'ratio',
  'goal',
  'pass',
  'unit',
  'notes',
] as const satisfies readonly (keyof Row)[]

export function table(rows: readonly Row[]): string {
  const cells = [COLUMNS.map(String), ...rows.map((r) => COLUMNS.map((column) => cell(r[column])))]
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((line) => line[i]!.length)))
  const line = (values: string[]) => `| ${values.map((value, i) => value.padEnd(widths[i]!)).join(' | ')} |`
  return [line(cells[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n')
}

export type BenchmarkRun = { name: string; seconds: number; loadAverageAtStart: number; machineBusy: number | null }

export function writeResults(file: string, results: { size: Size; seconds: number; benchmarks: BenchmarkRun[]; rows: Row[] }): void {
  fs.writeFileSync(file, `${JSON.stringify({ machine: machine(), ...results }, null, 2)}\n`)
}
