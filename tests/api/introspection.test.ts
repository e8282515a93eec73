import { describe, expect, it } from 'vitest'
import { EnvError, parseEnv } from '#app/.server/env.ts'
import { createDuopostYoga } from '#graphql/yoga.ts'
import { APP } from '#tests/utils.ts'

function yogaWith(env: Record<string, string>) {
  const yoga = createDuopostYoga(parseEnv({ ...process.env, ...env }))
  const post = async (query: string) => {
    const response = await yoga.fetch(`${APP}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    })
    return (await response.json()) as {
      data?: Record<string, unknown>
      errors?: { message: string; extensions?: Record<string, unknown> }[]
    }
  }
  const graphiql = async () => (await yoga.fetch(`${APP}/graphql`, { headers: { accept: 'text/html' } })).text()
  return { post, graphiql }
}

const SCHEMA = '{ __schema { queryType { name } } }'
const TYPE = '{ __type(name: "Post") { name } }'
const MISSPELT = '{ viewr { id } }'

describe('introspection and GraphiQL', () => {
  it('are off in production: schema queries are refused with a pointer to the published schema', async () => {
    const production = yogaWith({ NODE_ENV: 'production' })
    for (const query of [SCHEMA, TYPE]) {
      const result = await production.post(query)
      expect(result.data).toBeUndefined()
      expect(result.errors?.[0]).toMatchObject({
        message: expect.stringMatching(
          /^Introspection is turned off on this server, so "__(schema|type)" cannot be queried\. Generate clients from the published schema, graphql\/schema\.graphql/,
        ),
        extensions: { code: 'INTROSPECTION_DISABLED' },
      })
    }
    expect(await production.post('{ __typename }')).toEqual({ data: { __typename: 'Query' } })
    expect(await production.graphiql()).not.toContain('<html')
    // Without introspection, "Did you mean …?" would give the field names away instead.
    const misspelt = await production.post(MISSPELT)
    expect(misspelt.errors?.[0]?.message).not.toMatch(/Did you mean/)
  })

  it('are on in production with GRAPHQL_INTROSPECTION=1', async () => {
    const production = yogaWith({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: '1' })
    expect(await production.post(SCHEMA)).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } })
    expect(await production.post(TYPE)).toEqual({ data: { __type: { name: 'Post' } } })
    expect(await production.graphiql()).toContain('Duopost GraphQL API')
    expect((await production.post(MISSPELT)).errors?.[0]?.message).toMatch(/Did you mean "viewer"\?/)
  })

  it('are on in development unless GRAPHQL_INTROSPECTION=0', async () => {
    expect((await yogaWith({ NODE_ENV: 'development' }).post(SCHEMA)).data).toBeDefined()
    const off = yogaWith({ NODE_ENV: 'development', GRAPHQL_INTROSPECTION: '0' })
    expect((await off.post(SCHEMA)).errors?.[0]?.extensions?.code).toBe('INTROSPECTION_DISABLED')
    expect(await off.graphiql()).not.toContain('<html')
  })

  it('reject a GRAPHQL_INTROSPECTION that is neither 0 nor 1, naming the variable', () => {
    expect(() => parseEnv({ ...process.env, GRAPHQL_INTROSPECTION: 'yes' })).toThrow(EnvError)
    expect(() => parseEnv({ ...process.env, GRAPHQL_INTROSPECTION: 'yes' })).toThrow(
      /GRAPHQL_INTROSPECTION must be 1 \(introspection and GraphiQL on\) or 0 \(off\)/,
    )
  })
})
