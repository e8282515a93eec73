import { getIntrospectionQuery } from 'graphql'
import { describe, expect, it } from 'vitest'
import { DOCUMENT_LIMITS } from '#graphql/limits.ts'
import { graphql } from '#tests/graphql/helpers.ts'
import { bearer, userWithToken } from './helpers.ts'

type Errors = { message: string; extensions?: Record<string, unknown> }[] | undefined

const limitErrors = (errors: Errors) => (errors ?? []).filter((error) => error.extensions?.code === 'QUERY_LIMIT_EXCEEDED')

/** `{ a { a { … } } }` nested `depth` levels: unknown fields, but depth is counted before that matters. */
const nested = (depth: number) => `${'{ a '.repeat(depth - 1)}{ a }${' }'.repeat(depth - 1)}`

const POSTS_PAGE = `posts(first: 100) { edges { cursor node { id text imageUrl link idempotencyKey createdAt scheduledAt status
  targets { id platform accountName pageId status postId permalink attempts publishedAt updatedAt
    error { kind message action retryable retryAfter metaCode metaSubcode } } } } pageInfo { hasNextPage endCursor } }`

describe('document limits', () => {
  it(`allows a depth of ${DOCUMENT_LIMITS.maxDepth} and refuses one more, naming the limit`, async () => {
    const atLimit = await graphql(nested(DOCUMENT_LIMITS.maxDepth))
    expect(limitErrors(atLimit.body.errors)).toEqual([])
    const over = await graphql(nested(DOCUMENT_LIMITS.maxDepth + 1))
    expect(limitErrors(over.body.errors)).toEqual([
      {
        message: `Query depth limit of ${DOCUMENT_LIMITS.maxDepth} exceeded, found ${DOCUMENT_LIMITS.maxDepth + 1}. Split the operation into smaller ones.`,
        extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit: 'maxDepth', allowed: DOCUMENT_LIMITS.maxDepth },
      },
    ])
  })

  it(`allows ${DOCUMENT_LIMITS.maxAliases} aliases and refuses one more`, async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `v${i}: viewer { id }`).join(' ')} }`
    const { secret } = await userWithToken(['READ'])
    const atLimit = await graphql<Record<string, { id: string }>>(aliases(DOCUMENT_LIMITS.maxAliases), { headers: bearer(secret) })
    expect(atLimit.body.errors).toBeUndefined()
    expect(Object.keys(atLimit.body.data!)).toHaveLength(DOCUMENT_LIMITS.maxAliases)
    const over = await graphql(aliases(DOCUMENT_LIMITS.maxAliases + 1), { headers: bearer(secret) })
    expect(over.body.data).toBeUndefined()
    expect(over.body.errors).toEqual([
      {
        message: `Aliases limit of ${DOCUMENT_LIMITS.maxAliases} exceeded, found ${DOCUMENT_LIMITS.maxAliases + 1}. Split the operation into smaller ones.`,
        extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit: 'maxAliases', allowed: DOCUMENT_LIMITS.maxAliases },
      },
    ])
  })

  it(`allows ${DOCUMENT_LIMITS.maxDirectives} directives and refuses one more`, async () => {
    const directives = (n: number) => `{ ${'__typename @include(if: true) '.repeat(n)}}`
    const atLimit = await graphql(directives(DOCUMENT_LIMITS.maxDirectives))
    expect(atLimit.body).toEqual({ data: { __typename: 'Query' } })
    const over = await graphql(directives(DOCUMENT_LIMITS.maxDirectives + 1))
    expect(over.body.errors?.[0]).toEqual({
      message: `Directives limit of ${DOCUMENT_LIMITS.maxDirectives} exceeded, found ${DOCUMENT_LIMITS.maxDirectives + 1}. Split the operation into smaller ones.`,
      extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit: 'maxDirectives', allowed: DOCUMENT_LIMITS.maxDirectives },
    })
  })

  it(`allows ${DOCUMENT_LIMITS.maxTokens} tokens and refuses one more`, async () => {
    // 16 tokens around a list of n ids; repeated fields would trip graphql-js's own budget first.
    const tokens = (n: number) => `mutation { retryPublishTargets(postId: "x", targetIds: [${' "t"'.repeat(n - 16)} ]) { __typename } }`
    const { secret } = await userWithToken(['PUBLISH'])
    const atLimit = await graphql(tokens(DOCUMENT_LIMITS.maxTokens), { headers: bearer(secret) })
    expect(atLimit.body).toEqual({ data: { retryPublishTargets: { __typename: 'PostNotFoundError' } } })
    const over = await graphql(tokens(DOCUMENT_LIMITS.maxTokens + 1), { headers: bearer(secret) })
    expect(over.body.errors).toEqual([
      {
        message: `Token limit of ${DOCUMENT_LIMITS.maxTokens} exceeded. Split the operation into smaller ones.`,
        extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit: 'maxTokens', allowed: DOCUMENT_LIMITS.maxTokens },
      },
    ])
  })

  it(`allows a full page of 100 posts but not two in one request (cost limit ${DOCUMENT_LIMITS.maxCost})`, async () => {
    const { secret } = await userWithToken(['READ'])
    const page = await graphql(`{ ${POSTS_PAGE} }`, { headers: bearer(secret) })
    expect(page.body.errors).toBeUndefined()
    const twoPages = await graphql(`{ a: ${POSTS_PAGE} b: ${POSTS_PAGE} }`, { headers: bearer(secret) })
    expect(twoPages.body.errors).toEqual([
      {
        message: expect.stringMatching(
          new RegExp(
            `^Query Cost limit of ${DOCUMENT_LIMITS.maxCost} exceeded, found \\d+(\\.\\d+)?\\. Split the operation into smaller ones\\.$`,
          ),
        ),
        extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit: 'maxCost', allowed: DOCUMENT_LIMITS.maxCost },
      },
    ])
  })

  it('lets the introspection query that GraphiQL and code generators send through', async () => {
    const query = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
    })
    const result = await graphql<{ __schema: { types: unknown[] } }>(query)
    expect(result.body.errors).toBeUndefined()
    expect(result.body.data?.__schema.types.length).toBeGreaterThan(20)
  })
})
