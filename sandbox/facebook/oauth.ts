import { MINUTE } from '../clock.ts'
import { dialogHandler, type DialogSpec } from '../consent.ts'
import { GraphError, metaError, missingToken } from '../errors.ts'
import { redeemCode, type CodeProblem } from '../grants.ts'
import { json } from '../http.ts'
import type { CallContext, Handler } from '../router.ts'
import type { AppRecord, TokenRecord } from '../store.ts'
import { issueAppToken, issueLongLivedFrom, issueUserToken, lookupToken, secondsLeft, tokenFailure } from '../tokens.ts'

const CODE_LIFETIME_MS = 10 * MINUTE

const facebookDialog: DialogSpec = {
  platform: 'facebook',
  title: (appName) => `${appName} is requesting access to your Facebook account`,
  responseTypeRequired: false,
  requiredScope: null,
  alwaysGranted: ['public_profile'],
  choosable: true,
  successFragment: '#_=_',
  denyParams: {
    error: 'access_denied',
    error_code: '200',
    error_description: 'Permissions error',
    error_reason: 'user_denied',
  },
  personLabel: (_ctx, person) => person.name,
  blockedReason: () => null,
  noPeopleMessage: 'No sandbox person exists yet. Create one through the control API (POST /__sandbox/people).',
}

export const dialog: Handler = dialogHandler(facebookDialog)

function oauthError(code: number, message: string, subcode?: number): GraphError {
  return new GraphError(400, { message, type: 'OAuthException', code, ...(subcode ? { error_subcode: subcode } : {}) })
}

const CODE_ERRORS: Record<CodeProblem, GraphError> = {
  unknown: oauthError(100, 'Invalid verification code format.'),
  used: oauthError(100, 'This authorization code has been used.', 36009),
  expired: oauthError(100, 'This authorization code has expired.', 36007),
  redirect_mismatch: oauthError(
    100,
    'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
    36008,
  ),
}

function appOf(call: CallContext): AppRecord {
  const app = call.ctx.store.apps.get(call.req.params.get('client_id') ?? '')
  if (!app || app.platform !== 'facebook') throw oauthError(101, 'Error validating application. Invalid application ID.')
  if (call.req.params.get('client_secret') !== app.secret) throw oauthError(1, 'Error validating client secret.')
  return app
}

function tokenAnswer(call: CallContext, token: TokenRecord) {
  return json(200, { access_token: token.value, token_type: 'bearer', expires_in: secondsLeft(call.ctx, token) })
}

function exchangeForLongLived(call: CallContext, app: AppRecord) {
  const value = call.req.params.get('fb_exchange_token')
  if (!value) throw missingToken()
  const token = lookupToken(call.ctx, value)
  if (!token || token.kind !== 'fb_user' || token.appId !== app.id) throw metaError(190)
  const failure = tokenFailure(call.ctx, token)
  if (failure) throw failure
  // Whether Meta re-extends a long-lived token is unconfirmed; the sandbox never extends one.
  return tokenAnswer(call, token.longLived ? token : issueLongLivedFrom(call.ctx, 'facebook', token))
}

/** `GET /{version}/oauth/access_token`: code exchange, `fb_exchange_token` and app tokens. */
export const accessToken: Handler = (call) => {
  const app = appOf(call)
  const grantType = call.req.params.get('grant_type')
  if (grantType === 'fb_exchange_token') return exchangeForLongLived(call, app)
  if (grantType === 'client_credentials') return json(200, { access_token: issueAppToken(call.ctx, app).value, token_type: 'bearer' })
  const redemption = redeemCode(call.ctx, call.req.params.get('code'), app.id, call.req.params.get('redirect_uri'), CODE_LIFETIME_MS)
  if (!redemption.ok) throw CODE_ERRORS[redemption.problem]
  return tokenAnswer(call, issueUserToken(call.ctx, 'facebook', app.id, redemption.record.personId, 'short'))
}
