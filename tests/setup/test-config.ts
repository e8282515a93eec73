import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll } from 'vitest'

const store = globalThis as typeof globalThis & { __duopostTestBaseEnv?: NodeJS.ProcessEnv }

/**
 * The fixed configuration every test file runs with, and a DATA_DIR of its own that is removed
 * after the file (the app writes generated secrets there). A file starts from the worker's own
 * environment, never from what a previous file in the same process left in it (its sandbox's URL,
 * its Meta apps).
 */
export function useTestConfiguration(): void {
  const base = (store.__duopostTestBaseEnv ??= { ...process.env })
  for (const name of Object.keys(process.env)) if (!(name in base)) delete process.env[name]
  Object.assign(process.env, base)
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
