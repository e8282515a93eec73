/**
 * `npm run bench [-- --only <name>[,<name>…]] [--size tiny|full]`: runs the benchmarks one after
 * another, prints one table and, for a full run of all of them, writes the same rows to
 * tests/bench/results.json.
 */
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { Row } from './measure.ts'
import type { BenchmarkRun } from './report.ts'

// Measured as deployed: React and yoga pick their production code paths from NODE_ENV when they
// load, so it is set before any of them is imported (hence the dynamic imports below).
process.env.NODE_ENV ??= 'production'

const NAMES = ['fan-out', 'api-throughput', 'queue-scale', 'refresh-storm', 'dashboard', 'memory', 'media'] as const
type Name = (typeof NAMES)[number]

function usage(message: string): never {
  console.error(`${message}\nUsage: npm run bench -- [--only ${NAMES.join('|')}[,…]] [--size tiny|full]`)
  process.exit(2)
}

const { values } = parseArgs({ options: { only: { type: 'string' }, size: { type: 'string', default: 'full' } } })
const size = values.size
if (size !== 'tiny' && size !== 'full') usage(`--size must be tiny or full, not ${size}.`)
const selected = values.only ? values.only.split(',').map((name) => name.trim()) : [...NAMES]
const unknown = selected.filter((name) => !(NAMES as readonly string[]).includes(name))
if (unknown.length > 0) usage(`Unknown benchmark ${unknown.join(', ')}.`)

const { prepareEnvironment } = await import('./harness.ts')
const { table, writeResults } = await import('./report.ts')
prepareEnvironment()

const run: Record<Name, () => Promise<Row[]>> = {
  'fan-out': async () => (await import('./fan-out.ts')).fanOut({ size, engines: ['pglite', 'postgres'] }),
  'api-throughput': async () => (await import('./api-throughput.ts')).apiThroughput({ size, engines: ['pglite', 'postgres'] }),
  'queue-scale': async () => (await import('./queue-scale.ts')).queueScale({ size }),
  'refresh-storm': async () => (await import('./refresh-storm.ts')).refreshStorm({ size }),
  dashboard: async () => (await import('./dashboard.ts')).dashboard({ size }),
  memory: async () => (await import('./memory.ts')).memory({ size }),
  media: async () => (await import('./media.ts')).media({ size }),
}

const { cpuSince, cpuSnapshot } = await import('./cpu.ts')
const started = performance.now()
const rows: Row[] = []
// How busy the machine was while each benchmark ran: on a shared machine, a figure to read the others by.
const runs: BenchmarkRun[] = []
for (const name of selected as Name[]) {
  const began = { at: performance.now(), cpu: cpuSnapshot([]), loadAverage: os.loadavg()[0]! }
  console.log(`▶ ${name} (${size}), load average ${began.loadAverage.toFixed(1)}`)
  rows.push(...(await run[name]()))
  const seconds = Math.round((performance.now() - began.at) / 100) / 10
  const busy = cpuSince(began.cpu, []).machineBusy
  runs.push({
    name,
    seconds,
    loadAverageAtStart: Math.round(began.loadAverage * 10) / 10,
    machineBusy: busy === null ? null : Math.round(busy * 100) / 100,
  })
  console.log(`  ${name} took ${seconds} s${busy === null ? '' : `; the machine was ${Math.round(busy * 100)}% busy`}`)
}
const seconds = Math.round((performance.now() - started) / 100) / 10
console.log(`\n${table(rows)}\n\n${rows.length} rows in ${seconds} s`)
// Only a complete run is recorded, so that trying one benchmark never replaces the figures
// docs/performance.md reports.
const file = path.relative(process.cwd(), path.join(import.meta.dirname, 'results.json'))
if (size === 'full' && selected.length === NAMES.length) {
  writeResults(file, { size, seconds, benchmarks: runs, rows })
  console.log(`Written to ${file}`)
} else {
  console.log(`${file} is left as it was: only a full-size run of every benchmark replaces it.`)
}
// pg-boss timers and idle pools would otherwise keep the process alive.
process.exit(0)
