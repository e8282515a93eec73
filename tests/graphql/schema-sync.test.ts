import fs from 'node:fs'
import path from 'node:path'
import { generate } from '@graphql-codegen/cli'
import { describe, expect, it } from 'vitest'
import codegenConfig from '../../codegen.ts'
import { printedSchema, schema } from '#graphql/schema.ts'

const root = path.resolve(import.meta.dirname, '../..')

describe('committed GraphQL artefacts', () => {
  it('graphql/schema.graphql matches the schema the code builds (run `npm run schema:print`)', () => {
    expect(fs.readFileSync(path.join(root, 'graphql/schema.graphql'), 'utf8')).toBe(printedSchema())
  })

  it('app/gql/ matches what codegen writes from the committed schema (run `npm run codegen`)', async () => {
    const files = (await generate({ ...codegenConfig, cwd: root, silent: true }, false)) as { filename: string; content: string }[]
    expect(files.length).toBeGreaterThan(0)
    for (const file of files) {
      const committed = fs.readFileSync(path.resolve(root, file.filename), 'utf8')
      expect(committed, `${file.filename} is stale`).toBe(file.content)
    }
  })

  it('has no field or argument that could carry a token, secret or proof', () => {
    const offending: string[] = []
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || !('getFields' in type)) continue
      for (const field of Object.values(type.getFields())) {
        const args: readonly { name: string }[] = 'args' in field ? field.args : []
        const names = [field.name, ...args.map((arg) => arg.name)]
        for (const name of names) if (/token|secret|proof/i.test(name)) offending.push(`${type.name}.${name}`)
      }
    }
    expect(offending).toEqual([])
  })
})
