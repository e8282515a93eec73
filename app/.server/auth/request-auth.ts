import { getSession, type SessionUser } from './sessions.ts'

export const API_SCOPES = ['read', 'publish', 'connections'] as const
export type ApiScope = (typeof API_SCOPES)[number]

/** Who is calling and how: a browser session may do everything, a token only what its scopes allow. */
export type Authentication =
  | { method: 'session'; user: SessionUser; sessionId: string; scopes: readonly ApiScope[] }
  | { method: 'token'; user: SessionUser; tokenId: string; scopes: readonly ApiScope[] }

export class InvalidBearerTokenError extends Error {
  override name = 'InvalidBearerTokenError'
  constructor() {
    super('The access token is invalid, expired or revoked. Create a new one under Settings → API tokens.')
  }
}

function bearerToken(request: Request): string | null {
  const header = request.headers.get('authorization')
  if (!header) return null
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  if (!match?.[1]) throw new InvalidBearerTokenError()
  return match[1]
}

/**
 * A request carrying an Authorization header is judged by that header alone, never by a cookie
 * sent alongside it, so a third-party program cannot borrow a browser session. Personal access
 * tokens are not issued yet, so every bearer token is refused until the token store exists.
 */
export async function authenticateRequest(request: Request): Promise<Authentication | null> {
  if (bearerToken(request) !== null) throw new InvalidBearerTokenError()
  const session = await getSession(request)
  if (!session) return null
  return { method: 'session', user: session.user, sessionId: session.sessionId, scopes: API_SCOPES }
}
