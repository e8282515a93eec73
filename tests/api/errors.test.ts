import { describe, expect, it, vi } from 'vitest'
import { parseEnv } from '#app/.server/env.ts'
import { createDuopostYoga } from '#graphql/yoga.ts'
import { signUp } from '#tests/auth/helpers.ts'
import { APP } from '#tests/utils.ts'

// An unexpected failure deep in a service, with a detail that must never reach a client.
vi.mock('#app/.server/auth/api-tokens.ts', async (original) => ({
  ...(await original<typeof import('#app/.server/auth/api-tokens.ts')>()),
  listApiTokens: () => Promise.reject(new Error('connection to db://admin:hunter2@db failed')),
}))

describe('error masking', () => {
  for (const NODE_ENV of ['production', 'development']) {
    it(`hides unexpected errors as "Unexpected error." (NODE_ENV=${NODE_ENV})`, async () => {
      const { cookie } = await signUp(`masked-${NODE_ENV}@example.com`)
      const yoga = createDuopostYoga(parseEnv({ ...process.env, NODE_ENV }))
      const response = await yoga.fetch(`${APP}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ query: '{ apiTokens { id } }' }),
      })
      const text = await response.text()
      expect(text).not.toContain('hunter2')
      expect(text).not.toContain('originalError')
      expect(JSON.parse(text)).toEqual({
        data: null,
        errors: [
          {
            message: 'Unexpected error.',
            locations: [{ line: 1, column: 3 }],
            path: ['apiTokens'],
            extensions: { code: 'INTERNAL_SERVER_ERROR' },
          },
        ],
      })
    })
  }
})
