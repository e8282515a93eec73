import { DAY } from './clock.ts'
import type { SandboxContext } from './context.ts'
import { invalidParameter } from './errors.ts'
import { json } from './http.ts'
import type { CallContext, Handler } from './router.ts'
import type { GrantRecord, TokenRecord } from './store.ts'
import { lookupToken, tokenFailure } from './tokens.ts'

const DATA_ACCESS_MS = 90 * DAY

const TYPES: Record<TokenRecord['kind'], string> = {
  threads_user: 'USER',
  threads_app: 'APP',
  fb_user: 'USER',
  fb_page: 'PAGE',
  fb_app: 'APP',
}

function seconds(ms: number | null): number {
  return ms === null ? 0 : Math.floor(ms / 1000)
}

// Pages permissions name the Pages picked; business_management the businesses those belong to.
function targetsOf(ctx: SandboxContext, grant: GrantRecord, scope: string): string[] | undefined {
  if (scope.startsWith('pages_')) return grant.pageIds
  if (scope !== 'business_management') return undefined
  return [...new Set(grant.pageIds.flatMap((id) => ctx.store.pages.get(id)?.business?.id ?? []))]
}

function describe(ctx: SandboxContext, token: TokenRecord): Record<string, unknown> {
  const app = ctx.store.apps.get(token.appId)
  const grant = token.personId ? ctx.store.grant(token.appId, token.personId) : undefined
  const userId =
    token.personId === null ? undefined : token.kind === 'threads_user' ? ctx.store.profileOfPerson(token.personId)?.id : token.personId
  const failure = tokenFailure(ctx, token)
  const scopes = grant?.scopes ?? []
  return {
    app_id: token.appId,
    type: TYPES[token.kind],
    application: app?.name ?? '',
    ...(grant ? { data_access_expires_at: seconds(grant.grantedAt + DATA_ACCESS_MS) } : {}),
    expires_at: seconds(token.expiresAt),
    is_valid: failure === null,
    ...(token.personId ? { issued_at: seconds(token.issuedAt) } : {}),
    scopes,
    ...(token.kind.startsWith('fb_') && grant
      ? {
          granular_scopes: scopes.map((scope) => {
            const targetIds = targetsOf(ctx, grant, scope)
            return targetIds ? { scope, target_ids: targetIds } : { scope }
          }),
        }
      : {}),
    ...(userId ? { user_id: userId } : {}),
    ...(token.pageId ? { profile_id: token.pageId } : {}),
    ...(failure
      ? {
          error: {
            code: failure.fields.code,
            message: failure.fields.message,
            ...(failure.fields.error_subcode ? { subcode: failure.fields.error_subcode } : {}),
          },
        }
      : {}),
  }
}

/**
 * `GET /debug_token?input_token=`: the caller is authenticated the platform's way and must
 * belong to the same app as the token it inspects.
 */
export function debugTokenHandler(callerOf: (call: CallContext) => TokenRecord): Handler {
  return (call) => {
    const caller = callerOf(call)
    const value = call.req.params.get('input_token')
    if (!value) throw invalidParameter(call.platform, '(#100) The parameter input_token is required')
    const token = lookupToken(call.ctx, value)
    if (!token) {
      return json(200, {
        data: { error: { code: 190, message: 'Invalid OAuth access token - Cannot parse access token' }, is_valid: false, scopes: [] },
      })
    }
    if (token.appId !== caller.appId) {
      throw invalidParameter(
        call.platform,
        '(#100) You must provide an app access token, or a user access token that is an owner or developer of the app',
        { type: 'OAuthException' },
      )
    }
    return json(200, { data: describe(call.ctx, token) })
  }
}
