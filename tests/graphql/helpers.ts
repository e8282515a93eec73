import { getYoga } from '#graphql/yoga.ts'
import { APP } from '#tests/utils.ts'

export type GraphQLResult<T = Record<string, unknown>> = {
  status: number
  headers: Headers
  body: { data?: T | null; errors?: { message: string; extensions?: Record<string, unknown> }[] }
}

/** Sends a JSON POST through yoga's own fetch, exactly as a client over HTTP would. */
export async function graphql<T = Record<string, unknown>>(
  query: string,
  options: { cookie?: string; headers?: Record<string, string>; variables?: Record<string, unknown> } = {},
): Promise<GraphQLResult<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers }
  if (options.cookie) headers.cookie = options.cookie
  const response = await getYoga().fetch(`${APP}/graphql`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables: options.variables }),
  })
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResult<T>['body'] }
}
