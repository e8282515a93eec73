import { formatPrismaCursor, parsePrismaCursor } from '@pothos/plugin-prisma'
import { createGraphQLError } from 'graphql-yoga'

/**
 * Before `posts` moved to `t.prismaConnection`, its cursors were base64url of `createdAt|id`
 * (ISO time, then the post's id). Clients may still hold such a cursor from an earlier page, so
 * it is read as the same position: the post with that id. A post deleted since gives an empty page.
 */
function legacyPostId(cursor: string): string | null {
  const [createdAt, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|')
  const date = new Date(createdAt ?? '')
  return id && rest.length === 0 && !Number.isNaN(date.getTime()) ? id : null
}

function currentPostId(cursor: string): string | null {
  try {
    const id = parsePrismaCursor(cursor)
    return typeof id === 'string' ? id : null
  } catch {
    return null
  }
}

/**
 * The cursor Pothos reads for a `posts` cursor of either form. A connection field has no union to
 * carry an InvalidInputError as data, so a bad cursor is a GraphQL error with the same shape in
 * its extensions (never masked as "Unexpected error.").
 */
export function readPostCursor(cursor: string, argument: 'after' | 'before'): string {
  if (currentPostId(cursor) !== null) return cursor
  const id = legacyPostId(cursor)
  if (id !== null) return formatPrismaCursor({ id }, 'id')
  const issues = [
    { field: argument, message: 'This cursor is not one Duopost gave out: pass pageInfo.endCursor (or startCursor) from a previous page.' },
  ]
  throw createGraphQLError(issues[0]!.message, { extensions: { code: 'BAD_USER_INPUT', type: 'InvalidInputError', issues } })
}
