import { AuthScopeFailureType, type AuthFailure } from '@pothos/plugin-scope-auth'
import { GraphQLError } from 'graphql'
import type { Context } from './context.ts'

const MANAGE = 'Settings → API tokens'

/** The individual checks that failed, from scope-auth's tree of $all / $any results. */
function failedChecks(failure: AuthFailure): { scope: string; parameter: unknown }[] {
  if (failure.kind === AuthScopeFailureType.AuthScope) return [failure]
  if (failure.kind === AuthScopeFailureType.AllAuthScopes || failure.kind === AuthScopeFailureType.AnyAuthScopes) {
    return failure.failures.flatMap(failedChecks)
  }
  return []
}

const forbidden = (message: string, extensions: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { code: 'FORBIDDEN', ...extensions } })

/**
 * Authorization failures are expected and actionable, so they are GraphQL errors that masking
 * lets through (code FORBIDDEN), worded to say what is missing and where to get it; a missing
 * token scope is also named in `extensions.missingScopes`.
 */
export function forbiddenError(context: Context, failure: AuthFailure): GraphQLError {
  const failed = failedChecks(failure)
  if (!context.viewer) return forbidden('Sign in, or send an access token, to use this field.')
  if (failed.some((check) => check.scope === 'session')) {
    return forbidden(`Only a signed-in browser session can use this field, never an access token: manage tokens under ${MANAGE}.`)
  }
  const missing = failed.filter((check) => check.scope === 'scope').map((check) => String(check.parameter))
  return forbidden(
    `This access token lacks the ${missing.map((scope) => `"${scope}"`).join(' and ')} scope this field needs. Create a token with it under ${MANAGE}.`,
    { missingScopes: missing },
  )
}
