import { afterAll, beforeAll } from 'vitest'
import { startWorker, type RunningWorker } from '#app/.server/jobs/worker.ts'

/** Publish jobs run in this test file's process, as they do under `npm start`. */
export function useWorker(concurrency = 10): void {
  let worker: RunningWorker | undefined
  beforeAll(async () => {
    // Tests that need the sweeper or the notification pass call them themselves, so they never race them.
    worker = await startWorker({ concurrency, pollingIntervalSeconds: 0.5, sweepIntervalMs: null, notifyIntervalMs: null })
  })
  afterAll(async () => {
    await worker?.stop(5_000)
  })
}
