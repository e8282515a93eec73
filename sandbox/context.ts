import { Clock, SECOND } from './clock.ts'
import { ControlError } from './control-error.ts'
import type { ConfigPatch, SandboxConfig } from './control-types.ts'
import { FaultBook } from './faults.ts'
import { Journal } from './journal.ts'
import { Store } from './store.ts'
import { UsageMeter } from './usage.ts'

/** Everything one running sandbox knows; all of it lives in memory. */
export interface SandboxContext {
  clock: Clock
  store: Store
  config: SandboxConfig
  faults: FaultBook
  journal: Journal
  usage: UsageMeter
  /** The latency given at start-up, restored by a reset. */
  readonly startLatencyMs: number
}

function defaultConfig(latencyMs: number): SandboxConfig {
  // Text is ready at once; media takes a while, as on Meta (the posts doc says ~30 s on average).
  return { latencyMs, processingMs: { TEXT: 0, IMAGE: 5 * SECOND, VIDEO: 30 * SECOND, CAROUSEL: 2 * SECOND } }
}

export function createContext(latencyMs = 0): SandboxContext {
  return {
    clock: new Clock(),
    store: new Store(),
    config: defaultConfig(latencyMs),
    faults: new FaultBook(),
    journal: new Journal(),
    usage: new UsageMeter(),
    startLatencyMs: latencyMs,
  }
}

export function resetContext(ctx: SandboxContext): void {
  ctx.clock.reset()
  ctx.store = new Store()
  ctx.config = defaultConfig(ctx.startLatencyMs)
  ctx.faults.clear()
  ctx.journal.clear()
  ctx.usage.reset()
}

function nonNegative(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 0) throw new ControlError(`${name} must be a non-negative number`)
  return value
}

export function applyConfig(ctx: SandboxContext, patch: ConfigPatch): void {
  if (patch.latencyMs !== undefined) ctx.config.latencyMs = nonNegative(patch.latencyMs, 'latencyMs')
  for (const [type, ms] of Object.entries(patch.processingMs ?? {})) {
    if (!(type in ctx.config.processingMs)) throw new ControlError(`Unknown media type ${type}`)
    ctx.config.processingMs[type as keyof SandboxConfig['processingMs']] = nonNegative(ms, `processingMs.${type}`)
  }
}
