import { data, redirect, type ActionFunctionArgs } from '@remix-run/node'
import { createAuthenticator } from '#app/.server/auth/authenticator.ts'
import { startSession } from '#app/.server/auth/sessions.ts'
import { CredentialsError, signUp } from '#app/.server/auth/users.ts'
import { safeRedirectPath } from '#app/.server/safe-redirect.ts'
import { setFlash } from '#app/flash.server.ts'
import { clientIp } from '#app/load-context.ts'

/** Words that read right whether the account was just made or already existed (users.ts). */
export const SIGNED_UP =
  'Your account is ready: log in with your email and password. If you already had an account with this email, use the password you chose then.'

function formErrors(error: unknown) {
  if (error instanceof CredentialsError) return data({ errors: error.errors, email: error.email }, { status: error.status })
  throw error
}

/** The login action: run the strategy, start a session, or re-render with errors. */
export async function logInForm({ request, context }: ActionFunctionArgs) {
  const form = await request.clone().formData()
  const redirectTo = safeRedirectPath(form.get('redirectTo'))
  try {
    const user = await createAuthenticator(clientIp(context)).authenticate('login', request)
    return redirect(redirectTo, { headers: { 'Set-Cookie': await startSession(request, user.id) } })
  } catch (error) {
    return formErrors(error)
  }
}

/** The sign-up action: make the account (or find it exists), then send the person to log in. */
export async function signUpForm({ request, context }: ActionFunctionArgs) {
  try {
    await signUp(await request.formData(), clientIp(context))
    return redirect('/login', { headers: { 'Set-Cookie': await setFlash('success', SIGNED_UP) } })
  } catch (error) {
    return formErrors(error)
  }
}
