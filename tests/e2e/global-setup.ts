/**
 * Vitest globalSetup of the `e2e` project: builds the app once when the build is stale, so test
 * files never build it concurrently. (A missing Chromium fails the browser test files themselves,
 * in one line, and leaves the rest of `npm test` running.)
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { buildIsStale } from '#server/build-freshness.ts'
import { plainEnvironment, ROOT } from './app-process.ts'

export default function setup(): void {
  if (!buildIsStale(ROOT, path.join(ROOT, 'build/server/index.js'))) return
  const result = spawnSync('npx', ['remix', 'vite:build'], { cwd: ROOT, env: plainEnvironment({}), encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`Building the app for the browser tests failed:\n${result.stdout}\n${result.stderr}`)
}
