import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll } from 'vitest'

const store = globalThis as typeof globalThis & {
  __duopostTestBaseEnv?: NodeJS.ProcessEnv
  __duopostFileCleanups?: (() => unknown)[]
}

/**
 * Runs `cleanup` once the current test file has ended (the last registered runs first). Vitest
 * runs no afterAll hook of a file whose tests are all skipped (`tests/jobs/scale.test.ts` on
 * PGlite), and the worker goes on to its next file (docs/decisions/031), so such a file's cleanups
 * run when the next file starts.
 */
export function afterFile(cleanup: () => unknown): void {
  ;(store.__duopostFileCleanups ??= []).push(cleanup)
}

async function runFileCleanups(): Promise<void> {
  for (const cleanup of (store.__duopostFileCleanups ?? []).splice(0).reverse()) await cleanup()
}

/**
 * The fixed configuration every test file runs with, and a DATA_DIR of its own that is removed
 * after the file (the app writes generated secrets there). A file starts from the worker's own
 * environment, never from what a previous file in the same process left in it (its sandbox's URL,
 * its Meta apps).
 */
export async function useTestConfiguration(): Promise<void> {
  await runFileCleanups()
  afterAll(runFileCleanups)
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
  afterFile(() => fs.rmSync(dataDir, { recursive: true, force: true }))
}
