/** The shape every benchmark reports in, and the few statistics they share. */

export type Size = 'tiny' | 'full'

/** A target for `ratio` (or for `measured` when there is no baseline to divide by). */
export type Goal = { of: 'ratio' | 'measured'; is: 'at most' | 'at least' | 'exactly'; value: number }

export type Row = {
  benchmark: string
  case: string
  measured: number
  /** What `measured` is compared with in the same run: a baseline or a lower bound; null when nothing is. */
  baseline: number | null
  /** measured / baseline. */
  ratio: number | null
  goal: string | null
  /** Null when the row has no goal. */
  pass: boolean | null
  unit: string
  notes: string
}

function meets(value: number, goal: Goal): boolean {
  if (goal.is === 'at most') return value <= goal.value
  if (goal.is === 'at least') return value >= goal.value
  return value === goal.value
}

/** A row with its ratio and verdict worked out. */
export function row(input: Omit<Row, 'ratio' | 'goal' | 'pass'> & { goal?: Goal }): Row {
  const { goal, ...rest } = input
  const ratio = rest.baseline ? rest.measured / rest.baseline : null
  const judged = goal?.of === 'ratio' ? ratio : rest.measured
  return {
    ...rest,
    ratio,
    goal: goal ? `${goal.of} ${goal.is} ${goal.value}` : null,
    pass: goal && judged !== null ? meets(judged, goal) : null,
  }
}

/** The value below which `p` percent of `values` fall (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('No values to take a percentile of.')
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

export const median = (values: readonly number[]) => percentile(values, 50)

/** Wall-clock milliseconds `work` takes (performance.now, so clock adjustments do not count). */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now()
  const value = await work()
  return { ms: performance.now() - started, value }
}

export const round = (value: number, digits = 0) => Number(value.toFixed(digits))

/** The rows of `measure` for each of `cases`, one case after another (never at once: they would compete). */
export async function inTurn<T>(cases: readonly T[], measure: (item: T) => Promise<Row[]>): Promise<Row[]> {
  const rows: Row[] = []
  for (const item of cases) rows.push(...(await measure(item)))
  return rows
}
