import { EventEmitter } from 'node:events'

// A request waits for its targets; each job reports when it is done with one (settled, or queued
// again for a retry), so the waiter need not read the database again and again to find out.
const done = new EventEmitter().setMaxListeners(0)

export function reportTargetDone(targetId: string): void {
  done.emit('done', targetId)
}

export type TargetsDoneWatch = {
  /** Resolves once every one of `targetIds` was reported since the watch began, or after `ms`. */
  until(targetIds: readonly string[], ms: number): Promise<void>
  close(): void
}

/**
 * Collects the reports from this process's jobs. Jobs in other processes report nothing here, so a
 * waiter still reads the database when `until` times out.
 */
export function watchTargetsDone(): TargetsDoneWatch {
  const reported = new Set<string>()
  let waiting: { targetIds: readonly string[]; wake: () => void } | null = null
  const allReported = (targetIds: readonly string[]) => targetIds.every((id) => reported.has(id))
  const listener = (targetId: string) => {
    reported.add(targetId)
    if (waiting && allReported(waiting.targetIds)) waiting.wake()
  }
  done.on('done', listener)
  return {
    until(targetIds, ms) {
      if (allReported(targetIds)) return Promise.resolve()
      return new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer)
          waiting = null
          resolve()
        }
        const timer = setTimeout(wake, ms)
        waiting = { targetIds, wake }
      })
    },
    close() {
      done.off('done', listener)
      waiting?.wake()
    },
  }
}
