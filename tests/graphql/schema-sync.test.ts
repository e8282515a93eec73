import fs from 'node:fs'
import path from 'node:path'
import { generate } from '@graphql-codegen/cli'
import { getNamedType, isLeafType, type GraphQLType } from 'graphql'
import { describe, expect, it } from 'vitest'
import codegenConfig from '../../codegen.ts'
import { printedSchema, schema } from '#graphql/schema.ts'

const root = path.resolve(import.meta.dirname, '../..')

describe('committed GraphQL artefacts', () => {
  it('graphql/schema.graphql matches the schema the code builds (run `npm run schema:print`)', () => {
    expect(fs.readFileSync(path.join(root, 'graphql/schema.graphql'), 'utf8')).toBe(printedSchema())
  })

  it('app/gql/ and docs/examples/gql/ match what codegen writes from the committed schema (run `npm run codegen`)', async () => {
    const files = (await generate({ ...codegenConfig, cwd: root, silent: true }, false)) as { filename: string; content: string }[]
    expect(files.length).toBeGreaterThan(0)
    for (const file of files) {
      const committed = fs.readFileSync(path.resolve(root, file.filename), 'utf8')
      expect(committed, `${file.filename} is stale`).toBe(file.content)
    }
  })

  // Fields about access tokens (apiTokens, createApiToken, CreatedApiToken.apiToken) are objects
  // and cannot carry a value themselves; what could is a scalar or an argument with such a name.
  // The exceptions are the secret of a token or webhook endpoint being created, shown that once.
  const SHOWN_ONCE = ['CreatedApiToken.secret', 'CreatedWebhookEndpoint.secret']

  it("has no field or argument that could carry a token, secret or proof, except a new token's or endpoint's secret", () => {
    const offending: string[] = []
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || !('getFields' in type)) continue
      for (const field of Object.values(type.getFields())) {
        const args: readonly { name: string; type: GraphQLType }[] = 'args' in field ? field.args : []
        for (const { name, type: valueType } of [field, ...args]) {
          if (/token|secret|proof/i.test(name) && isLeafType(getNamedType(valueType))) offending.push(`${type.name}.${name}`)
        }
      }
    }
    expect(offending).toEqual(SHOWN_ONCE)
  })
})
