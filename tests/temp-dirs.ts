import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll } from 'vitest'

/**
 * Makes temporary folders for the calling test file and removes them after it: the app writes
 * generated secrets into a DATA_DIR, and those must not pile up in the system's temp folder.
 */
export function useTempDirs(prefix: string): () => string {
  const made: string[] = []
  afterAll(() => {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
  })
  return () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
    made.push(dir)
    return dir
  }
}
