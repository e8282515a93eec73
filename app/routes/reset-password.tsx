import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { MIN_PASSWORD_LENGTH } from '#app/.server/auth/credentials.ts'
import { findEmailLink } from '#app/.server/auth/email-links.ts'
import { EXPIRED_RESET_LINK, resetPassword } from '#app/.server/auth/password-reset.ts'
import { startSession } from '#app/.server/auth/sessions.ts'
import { FieldError } from '#app/components/field-error.tsx'
import { setFlash } from '#app/flash.server.ts'
import { inputErrors } from '#app/form-errors.server.ts'

export const meta: MetaFunction = () => [{ title: 'Choose a new password · Duopost' }]

// The page carries the link's secret: nothing may keep it.
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

export const PASSWORD_RESET = 'Your new password is set, and every other session was signed out.'

/** Opening the link changes nothing (mail scanners open links too); the form's post uses it. */
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? ''
  const valid = (await findEmailLink(token, 'reset_password')) !== null
  return { token: valid ? token : null, minPasswordLength: MIN_PASSWORD_LENGTH, expiredMessage: EXPIRED_RESET_LINK }
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData()
  try {
    const userId = await resetPassword({ token: form.get('token'), password: form.get('password') })
    const headers = new Headers()
    headers.append('Set-Cookie', await startSession(request, userId))
    headers.append('Set-Cookie', await setFlash('success', PASSWORD_RESET))
    return redirect('/dashboard', { headers })
  } catch (error) {
    return data({ errors: inputErrors(error) }, { status: 400 })
  }
}

function LinkUnusable({ message }: { message: string }) {
  return (
    <>
      <p className="alert error">{message}</p>
      <p>
        <Link to="/forgot-password" className="button primary">
          Send me a new link
        </Link>
      </p>
    </>
  )
}

export default function ResetPassword() {
  const { token, minPasswordLength, expiredMessage } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const saving = useNavigation().state === 'submitting'
  const errors = result?.errors ?? {}
  return (
    <section className="narrow">
      <h1>Choose a new password</h1>
      {!token || errors.token ? (
        <LinkUnusable message={expiredMessage} />
      ) : (
        <Form method="post" className="card auth-form" noValidate>
          <input type="hidden" name="token" value={token} />
          <label htmlFor="password">New password</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={minPasswordLength}
            aria-invalid={errors.password ? true : undefined}
            aria-describedby={errors.password ? 'password-error' : 'password-hint'}
          />
          {errors.password ? (
            <FieldError id="password-error" message={errors.password} />
          ) : (
            <p id="password-hint" className="hint">
              At least {minPasswordLength} characters. Every other session is signed out.
            </p>
          )}
          <button type="submit" className="button primary" disabled={saving}>
            {saving ? 'Saving…' : 'Set my new password'}
          </button>
        </Form>
      )}
    </section>
  )
}
