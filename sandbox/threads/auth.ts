import { currentUserNeedsUserToken, metaError, missingPermission, missingToken, unsupportedRequest } from '../errors.ts'
import { accessTokenOf } from '../http.ts'
import type { CallContext } from '../router.ts'
import type { GrantRecord, ThreadsProfileRecord, TokenRecord } from '../store.ts'
import { lookupToken, tokenFailure } from '../tokens.ts'

/** The Threads token behind a call, checked the way Meta checks it. */
export function threadsToken(call: CallContext): TokenRecord {
  const value = accessTokenOf(call.req)
  if (!value) throw missingToken()
  const token = lookupToken(call.ctx, value)
  if (!token || (token.kind !== 'threads_user' && token.kind !== 'threads_app')) throw metaError(190)
  const failure = tokenFailure(call.ctx, token)
  if (failure) throw failure
  return token
}

export interface ThreadsUser {
  token: TokenRecord
  profile: ThreadsProfileRecord
  grant: GrantRecord
}

/** A call that acts as a Threads user: needs a user token with these permissions. */
export function threadsUser(call: CallContext, ...permissions: string[]): ThreadsUser {
  const token = threadsToken(call)
  const profile = token.personId ? call.ctx.store.profileOfPerson(token.personId) : undefined
  const grant = token.personId ? call.ctx.store.grant(token.appId, token.personId) : undefined
  if (token.kind !== 'threads_user' || !profile || !grant) throw currentUserNeedsUserToken()
  const missing = ['threads_basic', ...permissions].find((permission) => !grant.scopes.includes(permission))
  if (missing) throw missingPermission('threads', missing)
  return { token, profile, grant }
}

/** `{threads-user-id}` in a path: `me` or the token owner's own id, nobody else's. */
export function ownUserPath(call: CallContext, user: ThreadsUser, segment: string): void {
  if (segment !== 'me' && segment !== user.profile.id) throw unsupportedRequest('threads', call.req.method, segment)
}
