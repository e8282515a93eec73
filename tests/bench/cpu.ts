/**
 * Where the CPU went during a measurement, read from /proc (Linux only; elsewhere every figure is
 * null). On a shared 2-core machine a throughput figure means little without it: it tells the
 * benchmark's own use of the cores from everyone else's, and how much room a second worker had.
 */
import fs from 'node:fs'

/** /proc counts in USER_HZ, which Linux fixes at 100 per second for user space. */
const TICK_MS = 10

function readProc(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch {
    return null
  }
}

/** CPU milliseconds (user + system) a live process has used so far, or null. */
export function processCpuMs(pid: number): number | null {
  const stat = readProc(`/proc/${pid}/stat`)
  if (!stat) return null
  // Fields after the parenthesised command name, which may itself contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS
}

type MachineTicks = { busy: number; total: number }

function machineTicks(): MachineTicks | null {
  const line = readProc('/proc/stat')?.split('\n')[0]
  if (!line?.startsWith('cpu ')) return null
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.split(/\s+/).slice(1).map(Number)
  const busy = user + nice + system + irq + softirq + steal
  return { busy, total: busy + idle + iowait }
}

export type CpuSnapshot = { machine: MachineTicks | null; own: NodeJS.CpuUsage; processes: Map<number, number> }

/** CPU used so far by the machine, this process and the processes `pids`. */
export function cpuSnapshot(pids: readonly number[]): CpuSnapshot {
  return { machine: machineTicks(), own: process.cpuUsage(), processes: new Map(pids.map((pid) => [pid, processCpuMs(pid) ?? 0])) }
}

export type CpuUse = {
  /** This process: the benchmark and the in-process Meta sandbox. */
  ownMs: number
  /** The processes `pids` (one that started after the snapshot counts whole). */
  processesMs: number
  /** Share of all the machine's cores busy with anything, 0 to 1. */
  machineBusy: number | null
}

/** What was used since `start`; read while the processes `pids` are still alive. */
export function cpuSince(start: CpuSnapshot, pids: readonly number[]): CpuUse {
  const own = process.cpuUsage(start.own)
  const machine = machineTicks()
  let processesMs = 0
  for (const pid of pids) processesMs += Math.max(0, (processCpuMs(pid) ?? 0) - (start.processes.get(pid) ?? 0))
  return {
    ownMs: (own.user + own.system) / 1000,
    processesMs,
    machineBusy: start.machine && machine ? (machine.busy - start.machine.busy) / Math.max(1, machine.total - start.machine.total) : null,
  }
}
