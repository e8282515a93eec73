import { Authenticator } from 'remix-auth'
import { FormStrategy } from 'remix-auth-form'
import type { SessionUser } from './sessions.ts'
import { logIn, signUp } from './users.ts'

export type AuthContext = { clientIp?: string | null } | undefined

/**
 * remix-auth runs the two form strategies; what happens after (database session, cookie) is our
 * own code in sessions.ts, so remix-auth never stores anything itself.
 */
export function createAuthenticator(clientIp: string | null) {
  const authenticator = new Authenticator<SessionUser>()
  authenticator.use(new FormStrategy(({ form }) => logIn(form, clientIp)), 'login')
  authenticator.use(new FormStrategy(({ form }) => signUp(form)), 'signup')
  return authenticator
}
