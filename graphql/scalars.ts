import { GraphQLError } from 'graphql'
import { builder } from './builder.ts'

builder.scalarType('DateTime', {
  description: 'An instant in time, as an ISO 8601 string in UTC.',
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const date = typeof value === 'string' ? new Date(value) : null
    if (!date || Number.isNaN(date.getTime())) {
      throw new GraphQLError('DateTime must be an ISO 8601 string such as 2026-01-31T09:30:00Z.')
    }
    return date
  },
})
