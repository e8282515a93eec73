import type { Fault, FaultInput, RouteName } from './control-types.ts'
import { ControlError } from './control-error.ts'
import { localId } from './ids.ts'

export interface CallIdentity {
  method: string
  path: string
  route: RouteName | null
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&')
}

function globToRegExp(glob: string): RegExp {
  let source = ''
  for (const segment of glob.split('/').filter(Boolean)) {
    source += segment === '**' ? '(?:/[^/]+)*' : `/${segment.split('*').map(escapeRegExp).join('[^/]*')}`
  }
  return new RegExp(`^${source}/?$`)
}

function matches(fault: FaultInput, call: CallIdentity): boolean {
  if (fault.route && fault.route !== call.route) return false
  if (fault.method && fault.method.toUpperCase() !== call.method) return false
  if (fault.path && !globToRegExp(fault.path).test(call.path)) return false
  return true
}

/** Faults queued by tests; each affects the next `times` matching calls, oldest fault first. */
export class FaultBook {
  #faults: Fault[] = []

  add(input: FaultInput): Fault {
    if (!input.error && !input.reply && input.delayMs === undefined && !input.drop) {
      throw new ControlError('A fault needs an error, a reply, a delayMs or drop')
    }
    if (input.error && input.reply) throw new ControlError('A fault answers with an error or a reply, not both')
    if (input.reply && (!Number.isInteger(input.reply.status) || input.reply.status < 100 || input.reply.status > 599)) {
      throw new ControlError('reply.status must be an HTTP status (100-599)')
    }
    const times = input.times ?? 1
    if (!Number.isInteger(times) || times < 1) throw new ControlError('times must be a positive integer')
    const skip = input.skip ?? 0
    if (!Number.isInteger(skip) || skip < 0) throw new ControlError('skip must be a whole number, 0 or more')
    const fault: Fault = { ...input, times, skip, id: localId('fault'), remaining: times }
    this.#faults.push(fault)
    return fault
  }

  list(): Fault[] {
    return this.#faults.map((fault) => ({ ...fault }))
  }

  clear(): void {
    this.#faults = []
  }

  /** Consumes one use of the first fault matching the call; a fault still skipping lets it pass. */
  take(call: CallIdentity): Fault | undefined {
    const fault = this.#faults.find((candidate) => {
      if (!matches(candidate, call)) return false
      if (!candidate.skip) return true
      candidate.skip -= 1
      return false
    })
    if (!fault) return undefined
    fault.remaining -= 1
    if (fault.remaining === 0) this.#faults = this.#faults.filter((candidate) => candidate !== fault)
    return fault
  }
}
