import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prisma } from '#app/.server/db.ts'
import { parseEnv } from '#app/.server/env.ts'
import { createDuopostYoga } from '#graphql/yoga.ts'
import { signUp } from '#tests/auth/helpers.ts'
import { APP } from '#tests/utils.ts'

describe('error masking', () => {
  // An unexpected failure deep in a service: the database has lost a table, and its error names
  // the schema, which must never reach a client.
  beforeAll(() => prisma.$executeRawUnsafe('ALTER TABLE "ApiToken" RENAME TO "ApiToken_hidden_detail"'))
  afterAll(() => prisma.$executeRawUnsafe('ALTER TABLE "ApiToken_hidden_detail" RENAME TO "ApiToken"'))

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
      expect(text).not.toContain('ApiToken')
      expect(text).not.toContain('does not exist')
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
