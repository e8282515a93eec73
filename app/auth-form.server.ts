import { data, redirect, type ActionFunctionArgs } from '@remix-run/node'
import { createAuthenticator } from '#app/.server/auth/authenticator.ts'
import { startSession } from '#app/.server/auth/sessions.ts'
import { CredentialsError } from '#app/.server/auth/users.ts'
import { safeRedirectPath } from '#app/.server/safe-redirect.ts'
import { clientIp } from '#app/load-context.ts'

/** The login and signup actions: run the strategy, start a session, or re-render with errors. */
export async function authenticateForm(strategy: 'login' | 'signup', { request, context }: ActionFunctionArgs) {
  const form = await request.clone().formData()
  const redirectTo = safeRedirectPath(form.get('redirectTo'))
  try {
    const user = await createAuthenticator(clientIp(context)).authenticate(strategy, request)
    return redirect(redirectTo, { headers: { 'Set-Cookie': await startSession(request, user.id) } })
  } catch (error) {
    if (error instanceof CredentialsError) {
      return data({ errors: error.errors, email: error.email }, { status: error.status })
    }
    throw error
  }
}
