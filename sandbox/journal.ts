import type { CallFilter, CallRecord } from './control-types.ts'

/** Every Meta call the sandbox received, so tests can assert what the app sent. */
export class Journal {
  #calls: CallRecord[] = []
  #seq = 0

  record(call: Omit<CallRecord, 'seq'>): void {
    this.#seq += 1
    this.#calls.push({ seq: this.#seq, ...call })
  }

  list(filter: CallFilter = {}): CallRecord[] {
    return this.#calls.filter(
      (call) =>
        (!filter.route || call.route === filter.route) &&
        (!filter.method || call.method === filter.method.toUpperCase()) &&
        (!filter.pathContains || call.path.includes(filter.pathContains)),
    )
  }

  clear(): void {
    this.#calls = []
  }
}
