import { vitePlugin as remix } from '@remix-run/dev'
import { defineConfig } from 'vitest/config'

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}

const isTest = process.env.VITEST === 'true'

export default defineConfig({
  server: { port: Number(process.env.PORT ?? 3000) },
  plugins: isTest
    ? []
    : [
        remix({
          ignoredRouteFiles: ['**/*.test.*', '**/*.server.*', '**/.*'],
          future: {
            v3_fetcherPersist: true,
            v3_relativeSplatPath: true,
            v3_throwAbortReason: true,
            v3_singleFetch: true,
            v3_lazyRouteDiscovery: true,
          },
        }),
      ],
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    setupFiles: ['tests/setup/env.ts'],
  },
})
