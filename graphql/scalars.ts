import { GraphQLError } from 'graphql'
import { builder } from './builder.ts'

builder.scalarType('DateTime', {
  description: 'An instant in time, as an ISO 8601 string in UTC.',
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    // Without an offset the instant would depend on the server's time zone.
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !/(?:Z|[+-]\d{2}:?\d{2})$/i.test(value)) {
      throw new GraphQLError(
        'DateTime must say its time zone: end it with Z for UTC or an offset such as +02:00, e.g. 2026-01-31T09:30:00Z.',
      )
    }
    const date = typeof value === 'string' ? new Date(value) : null
    if (!date || Number.isNaN(date.getTime())) {
      throw new GraphQLError('DateTime must be an ISO 8601 string such as 2026-01-31T09:30:00Z.')
    }
    return date
  },
})
