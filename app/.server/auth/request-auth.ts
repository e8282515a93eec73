import { checkApiToken } from './api-tokens.ts'
import { API_SCOPES, type ApiScope } from './scopes.ts'
import { getSession, type SessionUser } from './sessions.ts'

/** Who is calling and how: a browser session may do everything, a token only what its scopes allow. */
export type Authentication =
  | { method: 'session'; user: SessionUser; sessionId: string; scopes: readonly ApiScope[] }
  | { method: 'token'; user: SessionUser; tokenId: string; scopes: readonly ApiScope[] }

const CREATE_ONE = 'Create a new one under Settings → API tokens.'

/**
 * The request's credentials cannot be used. `oauthError` is RFC 6750's code for the
 * WWW-Authenticate header: `invalid_request` for a malformed request, `invalid_token` otherwise.
 * Telling expired, revoked and unknown apart leaks nothing: only someone holding the exact secret
 * learns what happened to that token.
 */
export class InvalidBearerTokenError extends Error {
  override name = 'InvalidBearerTokenError'
  constructor(
    message: string,
    readonly oauthError: 'invalid_request' | 'invalid_token',
  ) {
    super(message)
  }
}

const day = (date: Date) => date.toISOString().slice(0, 10)

function bearerToken(request: Request): string | null {
  // A token in a URL ends up in server logs, proxies and browser history.
  if (new URL(request.url).searchParams.has('access_token')) {
    throw new InvalidBearerTokenError(
      'Send the access token in the Authorization header ("Authorization: Bearer <token>"), never in the URL. Logs may have kept this one: revoke it under Settings → API tokens and create a new one.',
      'invalid_request',
    )
  }
  const header = request.headers.get('authorization')
  if (!header) return null
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  if (!match?.[1]) throw new InvalidBearerTokenError('Send the access token as "Authorization: Bearer <token>".', 'invalid_request')
  return match[1]
}

async function tokenAuthentication(secret: string): Promise<Authentication> {
  const check = await checkApiToken(secret)
  if (check.ok) return { method: 'token', user: check.user, tokenId: check.tokenId, scopes: check.scopes }
  const message =
    check.reason === 'expired'
      ? `This access token expired on ${day(check.at)}. ${CREATE_ONE}`
      : check.reason === 'revoked'
        ? `This access token was revoked on ${day(check.at)}. ${CREATE_ONE}`
        : `This access token is not one Duopost issued, or it was not copied whole. ${CREATE_ONE}`
  throw new InvalidBearerTokenError(message, 'invalid_token')
}

/**
 * A request carrying an Authorization header is judged by that header alone, never by a cookie
 * sent alongside it, so a third-party program cannot borrow a browser session.
 */
export async function authenticateRequest(request: Request): Promise<Authentication | null> {
  const secret = bearerToken(request)
  if (secret !== null) return tokenAuthentication(secret)
  const session = await getSession(request)
  if (!session) return null
  return { method: 'session', user: session.user, sessionId: session.sessionId, scopes: API_SCOPES }
}
