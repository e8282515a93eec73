import type { ConnectionErrorCode, ConnectionSuccess } from '#app/shared/connection-messages.ts'
import { getEnv } from '../env.ts'
import { InvalidInputError } from '../errors.ts'
import { errorFields, logEvent } from '../log.ts'
import { facebookClientFromEnv } from '../platforms/facebook/client.ts'
import { threadsClientFromEnv } from '../platforms/threads/client.ts'
import { safeRedirectPath } from '../safe-redirect.ts'
import { connectFacebook, FACEBOOK_CONNECT_SCOPES } from './connect-facebook.ts'
import { connectThreads, THREADS_CONNECT_SCOPES } from './connect-threads.ts'
import { connectionErrorFor } from './connection-error.ts'
import { consumeOAuthState, createOAuthState } from './oauth-state.ts'
import { callbackPath, type Provider } from './providers.ts'

export const DEFAULT_RETURN_TO = '/dashboard'

export class ProviderNotConfiguredError extends Error {
  override name = 'ProviderNotConfiguredError'
  constructor(readonly provider: Provider) {
    super(
      provider === 'threads'
        ? 'Threads is not set up on this server: its administrator must set THREADS_APP_ID and THREADS_APP_SECRET.'
        : 'Facebook is not set up on this server: its administrator must set FACEBOOK_APP_ID and FACEBOOK_APP_SECRET.',
    )
  }
}

/** Built from configuration only, never from request headers, and identical at both steps. */
export function redirectUri(provider: Provider): string {
  return `${getEnv().APP_URL}${callbackPath(provider)}`
}

export function isProviderConfigured(provider: Provider): boolean {
  const env = getEnv()
  return Boolean(provider === 'threads' ? env.THREADS_APP_ID && env.THREADS_APP_SECRET : env.FACEBOOK_APP_ID && env.FACEBOOK_APP_SECRET)
}

function authorizeUrl(provider: Provider, state: string): string {
  const env = getEnv()
  const redirect = redirectUri(provider)
  return provider === 'threads'
    ? threadsClientFromEnv(env).authorizeUrl({ redirectUri: redirect, state, scopes: THREADS_CONNECT_SCOPES })
    : facebookClientFromEnv(env).authorizeUrl({ redirectUri: redirect, state, scopes: FACEBOOK_CONNECT_SCOPES })
}

/** Where to send the person to grant access: Meta's consent page with a fresh single-use state. */
export async function startConnection(input: { userId: string; provider: Provider; returnTo?: string | null }): Promise<string> {
  const returnTo = input.returnTo ? safeRedirectPath(input.returnTo, '') : DEFAULT_RETURN_TO
  if (!returnTo) {
    throw new InvalidInputError([{ field: 'returnTo', message: 'Must be a path on this Duopost site, such as /dashboard.' }])
  }
  if (!isProviderConfigured(input.provider)) throw new ProviderNotConfiguredError(input.provider)
  const state = await createOAuthState({ userId: input.userId, provider: input.provider, returnTo })
  return authorizeUrl(input.provider, state)
}

export type CallbackOutcome = { returnTo: string } & ({ success: ConnectionSuccess } | { error: ConnectionErrorCode })

/**
 * Meta sent the person back. The state is checked and used up before anything else (even Meta's
 * own error), so a forged or replayed callback can neither connect an account nor show a
 * misleading message; then the code is exchanged exactly once.
 */
export async function completeConnection(input: { provider: Provider; userId: string; query: URLSearchParams }): Promise<CallbackOutcome> {
  const { provider, userId, query } = input
  const state = await consumeOAuthState({ state: query.get('state'), provider, userId })
  if (!state.ok) {
    logEvent('warn', 'oauth.callback_rejected', { provider, userId, reason: state.reason })
    return { returnTo: DEFAULT_RETURN_TO, error: state.reason }
  }
  const { returnTo } = state
  if (query.get('error')) return { returnTo, error: 'consent_denied' }
  const code = query.get('code')?.replace(/#_$/, '')
  if (!code) return { returnTo, error: 'code_rejected' }
  try {
    const connection = { userId, code, redirectUri: redirectUri(provider) }
    if (provider === 'threads') {
      await connectThreads(connection)
      return { returnTo, success: 'threads_connected' }
    }
    await connectFacebook(connection)
    return { returnTo, success: 'facebook_connected' }
  } catch (error) {
    const failure = connectionErrorFor(error)
    const level = failure.code === 'connection_failed' ? 'error' : 'warn'
    logEvent(level, 'oauth.callback_failed', { provider, userId, code: failure.code, ...errorFields(error) })
    return { returnTo, error: failure.code }
  }
}
