import { renderGraphiQL } from '@graphql-yoga/render-graphiql'
import { createYoga } from 'graphql-yoga'
import { getEnv, type Env } from '#app/.server/env.ts'
import { createContext, type ServerContext } from './context.ts'
import { CSRF_HEADER, useCookieCsrfPrevention } from './csrf.ts'
import { introspectionEnabled, useDisableIntrospection } from './introspection.ts'
import { useDocumentLimits } from './limits.ts'
import { useRateLimitHeaders } from './rate-limit.ts'
import { schema } from './schema.ts'
import { useUtf8Body } from './utf8-body.ts'

export const GRAPHQL_ENDPOINT = '/graphql'

export function createDuopostYoga(env: Env) {
  const introspection = introspectionEnabled(env)
  return createYoga<ServerContext>({
    schema,
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    context: createContext,
    // Remix hands us Node's own Request and expects Node's own Response back.
    fetchAPI: { Request, Response, Headers, ReadableStream, URL, URLSearchParams, fetch },
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

type DuopostYoga = ReturnType<typeof createDuopostYoga>
const store = globalThis as typeof globalThis & { __duopostYoga?: DuopostYoga }

export function getYoga(): DuopostYoga {
  store.__duopostYoga ??= createDuopostYoga(getEnv())
  return store.__duopostYoga
}
