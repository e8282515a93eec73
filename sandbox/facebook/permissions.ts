import { invalidParameter } from '../errors.ts'
import { revokeGrant, revokePermission } from '../grants.ts'
import { json } from '../http.ts'
import type { Handler } from '../router.ts'
import { knownScopes } from '../scopes.ts'
import { ownUser } from './user.ts'

/** `GET /{user-id|me}/permissions`: what the person granted and declined this app. */
export const permissions: Handler = (call) => {
  const { token, person } = ownUser(call, 'permissions', { appToken: true })
  const grant = call.ctx.store.grant(token.appId, person.id)
  return json(200, {
    data: [
      ...(grant?.scopes ?? []).map((permission) => ({ permission, status: 'granted' })),
      ...(grant?.declined ?? []).map((permission) => ({ permission, status: 'declined' })),
    ],
  })
}

// public_profile is what the login itself rests on; the sandbox refuses to take it back alone
// (Meta does not say what it does) and points at removing the whole login instead.
function checkRevocable(permission: string): void {
  if (!(permission in knownScopes('facebook'))) throw invalidParameter('facebook', `(#100) Invalid permission: ${permission}`)
  if (permission === 'public_profile') {
    throw invalidParameter('facebook', '(#100) public_profile cannot be revoked on its own; DELETE /{user-id}/permissions removes the app')
  }
}

/**
 * `DELETE /{user-id|me}/permissions[/{permission}]` (or `?permission=`): without a permission the
 * person removes the app, and every token of that login dies with 190/458; with one, that
 * permission moves to declined. The user's token, or the app token with the user's id.
 */
export const revokePermissions: Handler = (call) => {
  const { token, person } = ownUser(call, 'permissions', { appToken: true })
  const permission = call.path.permission ?? call.req.params.get('permission')
  if (permission === undefined) {
    revokeGrant(call.ctx, token.appId, person.id)
  } else {
    checkRevocable(permission)
    revokePermission(call.ctx, token.appId, person.id, permission)
  }
  return json(200, { success: true })
}
