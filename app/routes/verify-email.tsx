import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { resendVerification, verifyEmail } from '#app/.server/auth/email-verification.ts'
import { getUser, requireUser } from '#app/.server/auth/sessions.ts'
import { safeRedirectPath } from '#app/.server/safe-redirect.ts'
import { setFlash } from '#app/flash.server.ts'
import { inputErrors } from '#app/form-errors.server.ts'
import { clientIp } from '#app/load-context.ts'

export const meta: MetaFunction = () => [{ title: 'Confirm your email address · Duopost' }]

export const EMAIL_VERIFIED = 'Your email address is confirmed: Duopost can now tell you when a post fails or a connection needs you.'
export const VERIFICATION_SENT = 'A new confirmation link is on its way to your email address. It works for 48 hours.'

/** The link in the verification email: confirming needs no session, so it works in any browser. */
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? ''
  const verified = await verifyEmail(token)
  const signedIn = (await getUser(request)) !== null
  if (verified) {
    return redirect(signedIn ? '/dashboard' : '/login', { headers: { 'Set-Cookie': await setFlash('success', EMAIL_VERIFIED) } })
  }
  return data({ signedIn }, { status: 400 })
}

/** "Send the link again", from the banner on every page. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const form = await request.formData()
  const back = safeRedirectPath(form.get('redirectTo'))
  let flash: string
  try {
    const outcome = await resendVerification(user.id, clientIp(context))
    flash = await setFlash('success', outcome === 'sent' ? VERIFICATION_SENT : EMAIL_VERIFIED)
  } catch (error) {
    flash = await setFlash('error', Object.values(inputErrors(error)).join(' '))
  }
  return redirect(back, { headers: { 'Set-Cookie': flash } })
}

export default function VerifyEmail() {
  const { signedIn } = useLoaderData<typeof loader>()
  return (
    <section className="narrow">
      <h1>This link no longer works</h1>
      <p className="alert error">
        The confirmation link was already used, has expired (links work for 48 hours), or belongs to an address the account no longer uses.
      </p>
      {signedIn ? (
        <Form method="post">
          <input type="hidden" name="redirectTo" value="/dashboard" />
          <button type="submit" className="button primary">
            Send me a new link
          </button>
        </Form>
      ) : (
        <p>
          <Link to="/login">Log in</Link> and choose “Send the link again” on the banner at the top of the page.
        </p>
      )}
    </section>
  )
}
