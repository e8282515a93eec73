import os from 'node:os'
import { vitePlugin as remix } from '@remix-run/dev'
import { defineConfig } from 'vitest/config'

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}

const isTest = process.env.VITEST === 'true'

const WORKERS = Math.max(4, os.availableParallelism() - 1)

/**
 * Test files that need no database: they run once, in the `unit` project, instead of once per
 * engine. A file left off this list still passes, only twice; one on it that queries the database
 * fails with a refused connection (tests/setup/unit-env.ts).
 */
const DATABASE_FREE_TESTS = [
  'tests/api/event-stream-compression.test.ts',
  'tests/components/**/*.test.tsx',
  'tests/config/env.test.ts',
  'tests/config/safe-redirect.test.ts',
  'tests/config/sandbox-mode.test.ts',
  'tests/dashboard/composer.test.ts',
  'tests/dashboard/text-variants.test.ts',
  'tests/graphql/schema-conventions.test.ts',
  'tests/media/media-store.test.ts',
  'tests/media/media-rules.test.ts',
  'tests/graphql/schema-sync.test.ts',
  'tests/planning/calendar-days.test.ts',
  'tests/planning/zoned-time.test.ts',
  'tests/platforms/*.test.ts',
  'tests/routes/refusal-response.test.ts',
]

export default defineConfig({
  server: { port: Number(process.env.PORT ?? 3000) },
  plugins: isTest
    ? []
    : [
        remix({
          ignoredRouteFiles: ['**/*.test.*', '**/*.server.*', '**/*.graphql', '**/.*'],
          future: {
            v3_fetcherPersist: true,
            v3_relativeSplatPath: true,
            v3_throwAbortReason: true,
            v3_singleFetch: true,
            v3_lazyRouteDiscovery: true,
          },
        }),
      ],
  // Under Vitest, Pothos and yoga end up on graphql's CommonJS build; our own modules must use the
  // same copy, or graphql refuses types "from another module or realm".
  resolve: isTest ? { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] } : {},
  test: {
    pool: 'forks',
    // Vitest's default is one worker per core but one, which on a 2-core machine runs every file
    // alone. Most files spend their time waiting on the sandbox, PostgreSQL or pg-boss's polling, so
    // at least 4 run at once; each has its own database and free ports (docs/decisions/018).
    maxWorkers: WORKERS,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // A forks worker runs file after file with the app's modules kept loaded (isolate: false): a new
    // process and loading the app again cost about a quarter of the database projects' CPU. Each
    // database test file still gets a fresh database and closes it afterwards (tests/setup/env.ts).
    // The minimum is the maximum: a worker that idles above the minimum is stopped on a timer, and
    // that stop can race the pool's own recycling between projects ("Terminating worker thread",
    // vitest-dev/vitest#8564). Only the e2e project uses threads, two at most: each of its files
    // drives an app and a Chromium beside the database projects (docs/decisions/030).
    isolate: false,
    poolOptions: {
      forks: { isolate: false, minForks: WORKERS, maxForks: WORKERS },
      threads: { isolate: true, minThreads: 2, maxThreads: 2 },
    },
    // Loaded only under Vitest: the app's own build has no use for vitest/node.
    sequence: isTest ? { sequencer: (await import('./tests/setup/long-files-first.ts')).LongFilesFirst } : {},
    projects: [
      {
        extends: true as const,
        test: { name: 'sandbox', include: ['tests/sandbox/**/*.test.ts'] },
      },
      {
        extends: true as const,
        test: { name: 'unit', include: DATABASE_FREE_TESTS, setupFiles: ['tests/setup/unit-env.ts'] },
      },
      // Database-backed tests run twice, once per engine, each file on a fresh database.
      ...(['pglite', 'postgres'] as const).map((engine) => ({
        extends: true as const,
        test: {
          name: engine,
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/sandbox/**', 'tests/e2e/**', 'node_modules/**', ...DATABASE_FREE_TESTS],
          env: { TEST_DATABASE: engine },
          globalSetup: ['tests/setup/global-db.ts'],
          setupFiles: ['tests/setup/env.ts'],
        },
      })),
      // Chromium against the app started as `npm start`, each file starting its own app and sandbox
      // on free ports; the build happens once, in globalSetup. These files mostly wait on the app
      // and the browser, so they run in the threads pool, which vitest runs beside the forks pool
      // of the projects above (docs/decisions/030), two files at a time (poolOptions.threads).
      {
        extends: true as const,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          pool: 'threads' as const,
          isolate: true,
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
})
