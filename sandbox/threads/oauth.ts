import { HOUR } from '../clock.ts'
import { dialogHandler, type DialogSpec } from '../consent.ts'
import { FlatOAuthError, GraphError, invalidParameter, metaError, missingToken } from '../errors.ts'
import { redeemCode } from '../grants.ts'
import { accessTokenOf, json, JsonNumber } from '../http.ts'
import type { CallContext, Handler } from '../router.ts'
import type { TokenRecord } from '../store.ts'
import { issueAppToken, issueLongLivedFrom, issueUserToken, lookupToken, secondsLeft, tokenFailure } from '../tokens.ts'

const CODE_LIFETIME_MS = HOUR
const MIN_REFRESH_AGE_MS = 24 * HOUR

const threadsDialog: DialogSpec = {
  platform: 'threads',
  title: (appName) => `Allow ${appName} to access your Threads profile?`,
  responseTypeRequired: true,
  requiredScope: 'threads_basic',
  alwaysGranted: [],
  choosable: false,
  successFragment: '#_',
  denyParams: { error: 'access_denied', error_reason: 'user_denied', error_description: 'The user denied your request' },
  personLabel: (ctx, person) => {
    const profile = ctx.store.profileOfPerson(person.id)
    return profile ? `${person.name} (@${profile.username})` : person.name
  },
  blockedReason: (ctx, person) =>
    ctx.store.profileOfPerson(person.id) ? null : `${person.name} has no Threads profile, so cannot connect one.`,
  noPeopleMessage: 'No sandbox person has a Threads profile yet. Create one through the control API (POST /__sandbox/people).',
}

export const authorize: Handler = dialogHandler(threadsDialog)

function codeExchange(call: CallContext): ReturnType<Handler> {
  const { ctx, req } = call
  const app = ctx.store.apps.get(req.params.get('client_id') ?? '')
  if (!app || app.platform !== 'threads') throw new FlatOAuthError('Error validating application. Invalid application ID.')
  if (req.params.get('client_secret') !== app.secret) throw new FlatOAuthError('Error validating client secret.')
  const redemption = redeemCode(ctx, req.params.get('code'), app.id, req.params.get('redirect_uri'), CODE_LIFETIME_MS)
  if (!redemption.ok) {
    throw new FlatOAuthError(
      redemption.problem === 'redirect_mismatch'
        ? 'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request'
        : redemption.problem === 'expired'
          ? 'This authorization code has expired.'
          : 'Matching code was not found or was already used',
    )
  }
  const token = issueUserToken(ctx, 'threads', app.id, redemption.record.personId, 'short')
  const profile = ctx.store.profileOfPerson(redemption.record.personId)
  if (!profile) throw new FlatOAuthError('The Threads profile behind this code no longer exists')
  // Meta writes user_id as a bare number even though it exceeds 2^53.
  return json(200, { access_token: token.value, user_id: new JsonNumber(profile.id) })
}

/** `POST /oauth/access_token` (the code exchange) and `GET ...?grant_type=client_credentials`. */
export const oauthAccessToken: Handler = (call) => {
  const grantType = call.req.params.get('grant_type')
  if (grantType === 'authorization_code') return codeExchange(call)
  if (grantType !== 'client_credentials') throw new FlatOAuthError(`Unsupported grant_type: ${grantType ?? '(missing)'}`)
  const app = call.ctx.store.apps.get(call.req.params.get('client_id') ?? '')
  if (!app || app.platform !== 'threads') throw new FlatOAuthError('Error validating application. Invalid application ID.')
  if (call.req.params.get('client_secret') !== app.secret) throw new FlatOAuthError('Error validating client secret.')
  return json(200, { access_token: issueAppToken(call.ctx, app).value, token_type: 'bearer' })
}

function userTokenParam(call: CallContext, expectedGrant: string): TokenRecord {
  const grantType = call.req.params.get('grant_type')
  if (grantType !== expectedGrant) {
    throw invalidParameter('threads', `(#100) grant_type must be ${expectedGrant}`, { type: 'OAuthException' })
  }
  const value = accessTokenOf(call.req)
  if (!value) throw missingToken()
  const token = lookupToken(call.ctx, value)
  if (!token || token.kind !== 'threads_user') throw metaError(190)
  const failure = tokenFailure(call.ctx, token)
  if (failure) throw failure
  return token
}

function tokenAnswer(call: CallContext, token: TokenRecord): ReturnType<Handler> {
  return json(200, { access_token: token.value, token_type: 'bearer', expires_in: secondsLeft(call.ctx, token) })
}

/** `GET /access_token?grant_type=th_exchange_token`: short-lived to long-lived (60 days). */
export const exchangeToken: Handler = (call) => {
  const token = userTokenParam(call, 'th_exchange_token')
  const app = call.ctx.store.apps.get(token.appId)
  if (!app || call.req.params.get('client_secret') !== app.secret) {
    throw new GraphError(400, { message: 'Error validating client secret.', type: 'OAuthException', code: 1 })
  }
  if (token.longLived) {
    throw invalidParameter('threads', '(#100) Only a short-lived access token can be exchanged for a long-lived one', {
      type: 'OAuthException',
    })
  }
  return tokenAnswer(call, issueLongLivedFrom(call.ctx, 'threads', token))
}

/**
 * `GET /refresh_access_token?grant_type=th_refresh_token`: an unexpired long-lived token at least
 * 24 hours old gets a new token valid 60 days from now. The old token keeps its own expiry.
 */
export const refreshToken: Handler = (call) => {
  const token = userTokenParam(call, 'th_refresh_token')
  if (!token.longLived) {
    throw invalidParameter('threads', '(#100) Only a long-lived access token can be refreshed', { type: 'OAuthException' })
  }
  if (call.ctx.clock.now() - token.issuedAt < MIN_REFRESH_AGE_MS) {
    throw invalidParameter('threads', '(#100) A long-lived access token can be refreshed only once it is at least 24 hours old', {
      type: 'OAuthException',
    })
  }
  return tokenAnswer(call, issueLongLivedFrom(call.ctx, 'threads', token))
}
