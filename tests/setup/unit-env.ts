/**
 * Vitest setupFiles of the `unit` project: the tests that need no database run once, with the same
 * configuration as the database projects but no database. One that queries anyway fails at once
 * on a connection refused by a port nothing listens on, named so the failure says why.
 */
import { reloadEnv } from '#app/.server/env.ts'
import { useTestConfiguration } from './test-config.ts'

await useTestConfiguration()
process.env.DATABASE_URL = 'postgresql://unit-tests-have-no-database@127.0.0.1:9/move-this-test-out-of-the-unit-project'
// The worker keeps the app's modules between files (docs/decisions/031): read this file's own
// configuration, not the previous file's.
reloadEnv()
