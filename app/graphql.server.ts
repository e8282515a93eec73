import { GraphQLClient } from 'graphql-request'
import { getEnv } from '#app/.server/env.ts'
import { CSRF_HEADER } from '#graphql/csrf.ts'
import { GRAPHQL_ENDPOINT, getYoga } from '#graphql/yoga.ts'

/**
 * The dashboard is a client of the public schema like any other, but its requests never leave
 * the process: graphql-request sends them to yoga's own fetch with the visitor's cookie, so they
 * pass through the same authentication, scopes and error masking as a third party's.
 */
export function getGraphQLClient(request: Request): GraphQLClient {
  const yoga = getYoga()
  return new GraphQLClient(new URL(GRAPHQL_ENDPOINT, getEnv().APP_URL).toString(), {
    fetch: async (input, init) => yoga.fetch(new Request(input, init)),
    headers: { cookie: request.headers.get('cookie') ?? '', [CSRF_HEADER]: '1' },
  })
}
