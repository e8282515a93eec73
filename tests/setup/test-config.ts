import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll } from 'vitest'

/**
 * The fixed configuration every test file's process runs with, and a DATA_DIR of its own that is
 * removed after the file (the app writes generated secrets there).
 */
export function useTestConfiguration(): void {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duopost-test-'))
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    SESSION_SECRET: 'test-session-secret-that-is-at-least-32-characters',
    TOKEN_ENCRYPTION_KEY: 'CCGKmBLOQP3Ky/gHej7f7Cl9Z67wexPkRaA8VJI1aSo=',
    APP_URL: 'http://localhost:3000',
  })
  // A DATABASE_URL from the developer's shell must never receive test rows.
  delete process.env.DATABASE_URL
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))
}
