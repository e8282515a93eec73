import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { confirmEmailChange, EmailChangeError } from '#app/.server/auth/account-changes.ts'
import { getUser } from '#app/.server/auth/sessions.ts'
import { setFlash } from '#app/flash.server.ts'

export const meta: MetaFunction = () => [{ title: 'Confirm your new email address · Duopost' }]

/** The link in the email sent to the new address. */
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? ''
  const signedIn = (await getUser(request)) !== null
  try {
    const { email } = await confirmEmailChange(token)
    const flash = await setFlash('success', `Your account now uses ${email}. Log in with it from now on.`)
    return redirect(signedIn ? '/settings/sign-in' : '/login', { headers: { 'Set-Cookie': flash } })
  } catch (error) {
    if (!(error instanceof EmailChangeError)) throw error
    return data({ message: error.message }, { status: 400 })
  }
}

export default function ConfirmEmail() {
  const { message } = useLoaderData<typeof loader>()
  return (
    <section className="narrow">
      <h1>Your address did not change</h1>
      <p className="alert error">{message}</p>
      <p>
        <Link to="/settings/sign-in">Go to Settings</Link>
      </p>
    </section>
  )
}
