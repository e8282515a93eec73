import { Authenticator } from 'remix-auth'
import { FormStrategy } from 'remix-auth-form'
import type { SessionUser } from './sessions.ts'
import { logIn } from './users.ts'

export type AuthContext = { clientIp?: string | null } | undefined

/**
 * remix-auth runs the login form strategy; what happens after (database session, cookie) is our
 * own code in sessions.ts, so remix-auth never stores anything itself. Sign-up signs nobody in
 * (users.ts says why), so it is no strategy.
 */
export function createAuthenticator(clientIp: string | null) {
  const authenticator = new Authenticator<SessionUser>()
  authenticator.use(new FormStrategy(({ form }) => logIn(form, clientIp)), 'login')
  return authenticator
}
