import { renderGraphiQL } from '@graphql-yoga/render-graphiql'
import { createYoga } from 'graphql-yoga'
import { perConfiguration, type Env } from '#app/.server/env.ts'
import { createContext, type ServerContext } from './context.ts'
import { CSRF_HEADER, useCookieCsrfPrevention } from './csrf.ts'
import { introspectionEnabled, useDisableIntrospection } from './introspection.ts'
import { useDocumentLimits } from './limits.ts'
import { useRateLimitHeaders } from './rate-limit.ts'
import { schema } from './schema.ts'
import { useUtf8Body } from './utf8-body.ts'

export const GRAPHQL_ENDPOINT = '/graphql'

/**
 * `fetchAPI: 'node'` is for callers that hand yoga Node's own Request and expect Node's own Response
 * back (the Remix route, the dashboard's in-process client). `'yoga'` is yoga's own implementation,
 * for serving node:http directly: it skips building undici's Request and its body streams, which
 * cost more CPU per API request than the whole GraphQL execution (docs/performance.md).
 */
export function createDuopostYoga(env: Env, options: { fetchAPI?: 'node' | 'yoga' } = {}) {
  const introspection = introspectionEnabled(env)
  return createYoga<ServerContext>({
    schema,
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    context: createContext,
    ...(options.fetchAPI === 'yoga' ? {} : { fetchAPI: { Request, Response, Headers, ReadableStream, URL, URLSearchParams, fetch } }),
    // isDev would put stack traces in responses whenever NODE_ENV=development; never do that.
    maskedErrors: { isDev: false },
    landingPage: false,
    // yoga's default reflects any Origin with credentials; only our own pages may read responses
    // in a browser. Programs using tokens are not browsers and need no CORS.
    cors: {
      origin: [new URL(env.APP_URL).origin],
      credentials: true,
      methods: ['GET', 'POST'],
      allowedHeaders: ['content-type', 'authorization', CSRF_HEADER],
    },
    // yoga would serve GraphiQL in production too unless told not to; it follows introspection,
    // without which it cannot show the schema.
    graphiql: introspection ? { title: 'Duopost GraphQL API', headers: JSON.stringify({ [CSRF_HEADER]: '1' }) } : false,
    renderGraphiQL,
    plugins: [
      useUtf8Body(),
      useCookieCsrfPrevention(),
      useDocumentLimits({ hideSuggestions: !introspection }),
      ...(introspection ? [] : [useDisableIntrospection()]),
      useRateLimitHeaders(),
    ],
  })
}

/** The instance for Node's own Request and Response: the Remix route and in-process clients. */
export const getYoga = perConfiguration((env) => createDuopostYoga(env))

/** The instance the production HTTP server mounts on /graphql in front of Remix (server/http-server.ts). */
export const getServerYoga = perConfiguration((env) => createDuopostYoga(env, { fetchAPI: 'yoga' }))
