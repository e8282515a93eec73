import { ClientError, GraphQLClient } from 'graphql-request'
import { getEnv } from '#app/.server/env.ts'
import { CSRF_HEADER } from '#graphql/csrf.ts'
import { GRAPHQL_ENDPOINT, getYoga } from '#graphql/yoga.ts'

/**
 * The dashboard is a client of the public schema like any other, but its requests never leave
 * the process: graphql-request sends them to yoga's own fetch with the visitor's cookie, so they
 * pass through the same authentication, scopes and error masking as a third party's. When the API
 * refuses the visitor, the loader or action throws that refusal as a Response (refusalResponse)
 * for the route's error boundary, instead of failing with a 500.
 */
export function getGraphQLClient(request: Request): GraphQLClient {
  const yoga = getYoga()
  return new GraphQLClient(new URL(GRAPHQL_ENDPOINT, getEnv().APP_URL).toString(), {
    fetch: async (input, init) => yoga.fetch(new Request(input, init)),
    headers: { cookie: request.headers.get('cookie') ?? '', [CSRF_HEADER]: '1' },
    responseMiddleware: (response) => {
      const refusal = response instanceof ClientError ? refusalResponse(response) : null
      if (refusal) throw refusal
    },
  })
}

// docs/api.md, "Errors": the codes the API refuses a whole request with, and their HTTP statuses.
// FORBIDDEN comes with HTTP 200 (GraphQL over HTTP), so the code decides, then the status.
const REFUSALS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, RATE_LIMITED: 429 }
const REFUSAL_STATUSES = new Set(Object.values(REFUSALS))

/** The API's refusal as a Response with its status and its own message; null for anything else. */
export function refusalResponse(error: ClientError): Response | null {
  const refusal = error.response.errors?.find((e) => typeof e.extensions?.code === 'string' && e.extensions.code in REFUSALS)
  const status = refusal ? REFUSALS[refusal.extensions.code as string]! : error.response.status
  if (!REFUSAL_STATUSES.has(status)) return null
  const message = refusal?.message ?? error.response.errors?.[0]?.message ?? 'The API refused this request.'
  const headers = new Headers({ 'content-type': 'text/plain; charset=utf-8' })
  const retryAfter = error.response.headers.get('retry-after')
  if (retryAfter) headers.set('Retry-After', retryAfter)
  return new Response(message, { status, headers })
}
