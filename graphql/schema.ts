import { lexicographicSortSchema, printSchema } from 'graphql'
import { builder } from './builder.ts'
import './scalars.ts'
import './errors.ts'
import './types/user.ts'
import './types/connection.ts'
import './types/publish-error.ts'
import './types/publish-target.ts'
import './types/post.ts'
import './types/media.ts'
import './types/post-queue.ts'
import './types/post-editing.ts'
import './types/connection-retries.ts'
import './types/time-zone.ts'
import './types/publishing.ts'
import './types/scheduling.ts'
import './types/draft.ts'
import './types/published-changes.ts'
import './types/post-updates.ts'
import './types/api-token.ts'
import './types/webhook.ts'

export const schema = builder.toSchema()

/** The SDL committed as graphql/schema.graphql, sorted so that diffs show only real changes. */
export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`
}
