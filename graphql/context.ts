import { createGraphQLError, type YogaInitialContext } from 'graphql-yoga'
import {
  authenticateRequest,
  InvalidBearerTokenError,
  type Authentication,
} from '#app/.server/auth/request-auth.ts'
import type { SessionUser } from '#app/.server/auth/sessions.ts'

/** Request-scoped data only; services and the Prisma client are imported where they are used. */
export type Context = {
  request: Request
  viewer: SessionUser | null
  authentication: Authentication | null
}

export async function createContext({ request }: YogaInitialContext): Promise<Context> {
  try {
    const authentication = await authenticateRequest(request)
    return { request, viewer: authentication?.user ?? null, authentication }
  } catch (error) {
    if (error instanceof InvalidBearerTokenError) {
      throw createGraphQLError(error.message, {
        extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } } },
      })
    }
    throw error
  }
}
