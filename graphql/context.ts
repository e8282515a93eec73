import { createGraphQLError, type YogaInitialContext } from 'graphql-yoga'
import { authenticateRequest, InvalidBearerTokenError, type Authentication } from '#app/.server/auth/request-auth.ts'
import type { SessionUser } from '#app/.server/auth/sessions.ts'
import { enforceAddressRateLimit, enforceRateLimit } from './rate-limit.ts'

/** Request-scoped data only; services and the Prisma client are imported where they are used. */
export type Context = {
  request: Request
  viewer: SessionUser | null
  authentication: Authentication | null
}

/** The context of a field that `t.withAuth` let through: someone is signed in or sent a token. */
export type SignedInContext = Context & { viewer: SessionUser; authentication: Authentication }

async function authenticate(request: Request): Promise<Authentication | null> {
  try {
    return await authenticateRequest(request)
  } catch (error) {
    if (!(error instanceof InvalidBearerTokenError)) throw error
    // RFC 6750 §3.1: a malformed request is a 400, a bad token a 401; both name the scheme.
    throw createGraphQLError(error.message, {
      extensions: {
        code: 'UNAUTHENTICATED',
        http: {
          status: error.oauthError === 'invalid_request' ? 400 : 401,
          headers: { 'WWW-Authenticate': `Bearer error="${error.oauthError}"` },
        },
      },
    })
  }
}

/** What the HTTP layer passes to yoga besides the request (see app/routes/graphql.ts). */
export type ServerContext = { clientIp?: string | null }

export async function createContext({ request, clientIp }: YogaInitialContext & ServerContext): Promise<Context> {
  await enforceAddressRateLimit(clientIp)
  const authentication = await authenticate(request)
  if (authentication) await enforceRateLimit(request, authentication)
  return { request, viewer: authentication?.user ?? null, authentication }
}
