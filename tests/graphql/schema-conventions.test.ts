import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  isSpecifiedScalarType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
} from 'graphql'
import { describe, expect, it } from 'vitest'
import { schema } from '#graphql/schema.ts'

// The conventions of docs/decisions/016-graphql-schema-conventions.md, checked on the schema the
// code builds, so a new type or mutation that breaks one fails here rather than in review.

const ownTypes = Object.values(schema.getTypeMap()).filter((type) => !type.name.startsWith('__') && !isSpecifiedScalarType(type))
const mutations = Object.values(schema.getMutationType()!.getFields())
const errorInterface = schema.getType('Error')

function implementsError(typeName: string): boolean {
  const type = schema.getType(typeName)
  return isObjectType(type) && type.getInterfaces().some((candidate) => candidate === errorInterface)
}

describe('schema conventions', () => {
  it('describes every type, field, argument, input field and enum value', () => {
    const undescribed: string[] = []
    for (const type of ownTypes) {
      if (!type.description) undescribed.push(type.name)
      if (isEnumType(type))
        undescribed.push(...type.getValues().flatMap((value) => (value.description ? [] : [`${type.name}.${value.name}`])))
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) undescribed.push(`${type.name}.${field.name}`)
          const args: readonly GraphQLArgument[] = 'args' in field ? field.args : []
          undescribed.push(...args.flatMap((arg) => (arg.description ? [] : [`${type.name}.${field.name}(${arg.name})`])))
        }
      }
    }
    expect(undescribed).toEqual([])
  })

  it('gives every mutation one `input` argument of its own input type; any other argument is optional and deprecated', () => {
    const offending: string[] = []
    for (const mutation of mutations) {
      const input = mutation.args.find((arg) => arg.name === 'input')
      if (!input || !isInputObjectType(getNamedType(input.type))) offending.push(`${mutation.name}: no input object argument`)
      for (const arg of mutation.args.filter((candidate) => candidate !== input)) {
        if (!arg.deprecationReason || isNonNullType(arg.type)) offending.push(`${mutation.name}(${arg.name}): neither input nor deprecated`)
      }
    }
    expect(offending).toEqual([])
  })

  it('answers every mutation and subscription with a `<field>Payload` union of one result and failures that implement Error', () => {
    const fields: GraphQLField<unknown, unknown>[] = [...mutations, ...Object.values(schema.getSubscriptionType()!.getFields())]
    const offending: string[] = []
    for (const field of fields) {
      const payload = getNamedType(field.type)
      const expectedName = `${field.name[0]!.toUpperCase()}${field.name.slice(1)}Payload`
      if (!isNonNullType(field.type) || !isUnionType(payload) || payload.name !== expectedName) {
        offending.push(`${field.name}: answers ${String(field.type)}, not ${expectedName}!`)
        continue
      }
      const results = payload.getTypes().filter((member) => !implementsError(member.name))
      if (results.length !== 1) offending.push(`${payload.name}: ${results.length} members that are not errors`)
    }
    expect(offending).toEqual([])
  })

  it('says what to use instead of everything deprecated', () => {
    const reasons: string[] = []
    for (const type of ownTypes) {
      if (isEnumType(type)) reasons.push(...type.getValues().flatMap((value) => value.deprecationReason ?? []))
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          reasons.push(...(field.deprecationReason ? [field.deprecationReason] : []))
          if ('args' in field) reasons.push(...field.args.flatMap((arg: GraphQLArgument) => arg.deprecationReason ?? []))
        }
      }
    }
    expect(reasons.length).toBeGreaterThan(0)
    expect(reasons.filter((reason) => !/^Use \S/.test(reason))).toEqual([])
  })
})
