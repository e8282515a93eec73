import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { requestPasswordReset } from '#app/.server/auth/password-reset.ts'
import { MAIL_OFF_MESSAGE, mailMode } from '#app/.server/mail/mail-mode.ts'
import { FieldError } from '#app/components/field-error.tsx'
import { setFlash } from '#app/flash.server.ts'
import { inputErrors } from '#app/form-errors.server.ts'
import { clientIp } from '#app/load-context.ts'

export const meta: MetaFunction = () => [{ title: 'Forgot your password · Duopost' }]

/** The same words whether or not the address has an account (password-reset.ts). */
export const RESET_REQUESTED =
  'If an account uses that address, an email with a link to choose a new password is on its way. The link works once, for 30 minutes. Nothing there? Check the spam folder, or ask again in a few minutes.'

export function loader(_args: LoaderFunctionArgs) {
  return { mailOff: mailMode() === 'off' ? MAIL_OFF_MESSAGE : null }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData()
  const email = String(form.get('email') ?? '')
  try {
    await requestPasswordReset({ email }, clientIp(context))
  } catch (error) {
    return data({ email, errors: inputErrors(error) }, { status: 400 })
  }
  return redirect('/login', { headers: { 'Set-Cookie': await setFlash('success', RESET_REQUESTED) } })
}

export default function ForgotPassword() {
  const { mailOff } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const sending = useNavigation().state === 'submitting'
  const errors = result?.errors ?? {}
  return (
    <section className="narrow">
      <h1>Forgot your password?</h1>
      {mailOff ? (
        <p className="alert warning">{mailOff}</p>
      ) : (
        <Form method="post" className="card auth-form" noValidate>
          {errors.form ? (
            <p role="alert" className="alert error">
              {errors.form}
            </p>
          ) : null}
          <p>Enter the email address you log in with, and Duopost sends it a link to choose a new password.</p>
          <label htmlFor="email">Email</label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="email"
            required
            defaultValue={result?.email ?? ''}
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={errors.email ? 'email-error' : undefined}
          />
          <FieldError id="email-error" message={errors.email} />
          <button type="submit" className="button primary" disabled={sending}>
            {sending ? 'Sending…' : 'Send me a reset link'}
          </button>
        </Form>
      )}
      <p>
        Remembered it? <Link to="/login">Log in</Link>.
      </p>
    </section>
  )
}
