import type { ConnectionErrorCode, ConnectionNotice, ConnectionSuccess } from '#app/shared/connection-messages.ts'
import { getEnv } from '../env.ts'
import { InvalidInputError } from '../errors.ts'
import { errorFields, logEvent } from '../log.ts'
import { facebookClientFromEnv } from '../platforms/facebook/client.ts'
import { threadsClientFromEnv } from '../platforms/threads/client.ts'
import { safeRedirectPath } from '../safe-redirect.ts'
import { connectFacebook, FACEBOOK_CONNECT_SCOPES } from './connect-facebook.ts'
import { connectThreads, THREADS_CONNECT_SCOPES } from './connect-threads.ts'
import { connectFlowErrorFor } from './connect-flow-error.ts'
import { consumeOAuthState, createOAuthState } from './oauth-state.ts'
import { callbackPath, type Platform } from './platform.ts'

export const DEFAULT_RETURN_TO = '/dashboard'

export class PlatformNotConfiguredError extends Error {
  override name = 'PlatformNotConfiguredError'
  constructor(readonly platform: Platform) {
    super(
      platform === 'threads'
        ? 'Threads is not set up on this server: its administrator must set THREADS_APP_ID and THREADS_APP_SECRET.'
        : 'Facebook is not set up on this server: its administrator must set FACEBOOK_APP_ID and FACEBOOK_APP_SECRET.',
    )
  }
}

/** Built from configuration only, never from request headers, and identical at both steps. */
export function redirectUri(platform: Platform): string {
  return `${getEnv().APP_URL}${callbackPath(platform)}`
}

export function isPlatformConfigured(platform: Platform): boolean {
  const env = getEnv()
  return Boolean(platform === 'threads' ? env.THREADS_APP_ID && env.THREADS_APP_SECRET : env.FACEBOOK_APP_ID && env.FACEBOOK_APP_SECRET)
}

function authorizeUrl(platform: Platform, state: string): string {
  const env = getEnv()
  const redirect = redirectUri(platform)
  return platform === 'threads'
    ? threadsClientFromEnv(env).authorizeUrl({ redirectUri: redirect, state, scopes: THREADS_CONNECT_SCOPES })
    : facebookClientFromEnv(env).authorizeUrl({ redirectUri: redirect, state, scopes: FACEBOOK_CONNECT_SCOPES })
}

/** Where to send the person to grant access: Meta's consent page with a fresh single-use state. */
export async function startConnectFlow(input: { userId: string; platform: Platform; returnTo?: string | null }): Promise<string> {
  const returnTo = input.returnTo ? safeRedirectPath(input.returnTo, '') : DEFAULT_RETURN_TO
  if (!returnTo) {
    throw new InvalidInputError([{ field: 'returnTo', message: 'Must be a path on this Duopost site, such as /dashboard.' }])
  }
  if (!isPlatformConfigured(input.platform)) throw new PlatformNotConfiguredError(input.platform)
  const state = await createOAuthState({ userId: input.userId, platform: input.platform, returnTo })
  return authorizeUrl(input.platform, state)
}

/** `notice`: what a connection that worked could not do, with how many accounts it connected. */
export type CallbackOutcome = { returnTo: string } & (
  { success: ConnectionSuccess; notice?: { code: ConnectionNotice; connected: number } } | { error: ConnectionErrorCode }
)

/**
 * Meta sent the person back. The state is checked and used up before anything else (even Meta's
 * own error), so a forged or replayed callback can neither connect an account nor show a
 * misleading message; then the code is exchanged exactly once.
 */
export async function completeConnectFlow(input: { platform: Platform; userId: string; query: URLSearchParams }): Promise<CallbackOutcome> {
  const { platform, userId, query } = input
  const state = await consumeOAuthState({ state: query.get('state'), platform, userId })
  if (!state.ok) {
    logEvent('warn', 'oauth.callback_rejected', { platform, userId, reason: state.reason })
    return { returnTo: DEFAULT_RETURN_TO, error: state.reason }
  }
  const { returnTo } = state
  if (query.get('error')) return { returnTo, error: 'consent_denied' }
  const code = query.get('code')?.replace(/#_$/, '')
  if (!code) return { returnTo, error: 'code_rejected' }
  try {
    const connection = { userId, code, redirectUri: redirectUri(platform) }
    if (platform === 'threads') {
      await connectThreads(connection)
      return { returnTo, success: 'threads_connected' }
    }
    const { accountIds, businessPagesUnlisted } = await connectFacebook(connection)
    if (!businessPagesUnlisted) return { returnTo, success: 'facebook_connected' }
    return { returnTo, success: 'facebook_connected', notice: { code: 'business_pages_unlisted', connected: accountIds.length } }
  } catch (error) {
    const failure = connectFlowErrorFor(error)
    const level = failure.code === 'connection_failed' ? 'error' : 'warn'
    logEvent(level, 'oauth.callback_failed', { platform, userId, code: failure.code, ...errorFields(error) })
    return { returnTo, error: failure.code }
  }
}
