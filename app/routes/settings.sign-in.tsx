import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { changePassword, requestEmailChange } from '#app/.server/auth/account-changes.ts'
import { MIN_PASSWORD_LENGTH } from '#app/.server/auth/credentials.ts'
import { endOtherSessions, requireUser } from '#app/.server/auth/sessions.ts'
import { FieldError } from '#app/components/field-error.tsx'
import { FlashMessage } from '#app/components/flash-message.tsx'
import { setFlash, takeFlash } from '#app/flash.server.ts'
import { inputErrors } from '#app/form-errors.server.ts'
import { clientIp } from '#app/load-context.ts'

export const meta: MetaFunction = () => [{ title: 'Email and password · Duopost' }]

const PAGE = '/settings/sign-in'

export const PASSWORD_CHANGED = 'Your password is changed. Every other session was signed out.'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const { flash, headers } = await takeFlash(request)
  return data({ email: user.email, minPasswordLength: MIN_PASSWORD_LENGTH, flash }, { headers })
}

type Refused = { intent: 'password' | 'email'; newEmail?: string; errors: Record<string, string> }

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const form = await request.formData()
  const intent = form.get('intent')
  if (intent === 'password') {
    try {
      await changePassword(user.id, { currentPassword: form.get('currentPassword'), newPassword: form.get('newPassword') })
    } catch (error) {
      return data<Refused>({ intent, errors: inputErrors(error) }, { status: 400 })
    }
    await endOtherSessions(request, user.id)
    return redirect(PAGE, { headers: { 'Set-Cookie': await setFlash('success', PASSWORD_CHANGED) } })
  }
  if (intent === 'email') {
    const newEmail = String(form.get('newEmail') ?? '')
    try {
      const sentTo = await requestEmailChange(user.id, { password: form.get('password'), newEmail }, clientIp(context))
      const message = `A link to confirm ${sentTo} is on its way there. Your address changes once you open it (within 24 hours); until then you keep using ${user.email}.`
      return redirect(PAGE, { headers: { 'Set-Cookie': await setFlash('success', message) } })
    } catch (error) {
      return data<Refused>({ intent, newEmail, errors: inputErrors(error) }, { status: 400 })
    }
  }
  throw new Response('This form has no known intent (password or email). Reload the page and try again.', { status: 400 })
}

function PasswordField({
  id,
  name,
  label,
  autoComplete,
  error,
  hint,
}: {
  id: string
  name: string
  label: string
  autoComplete: string
  error?: string
  hint?: string
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="password"
        autoComplete={autoComplete}
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
      />
      {error ? (
        <FieldError id={`${id}-error`} message={error} />
      ) : hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
    </div>
  )
}

export default function SignInSettings() {
  const { email, minPasswordLength, flash } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().formData?.get('intent')
  const passwordErrors = result?.intent === 'password' ? result.errors : {}
  const emailErrors = result?.intent === 'email' ? result.errors : {}
  return (
    <>
      <FlashMessage flash={flash} />
      <section className="card" aria-labelledby="password-heading">
        <h2 id="password-heading">Change your password</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="password" />
          {passwordErrors.form ? <p className="alert error">{passwordErrors.form}</p> : null}
          <PasswordField
            id="current-password"
            name="currentPassword"
            label="Current password"
            autoComplete="current-password"
            error={passwordErrors.currentPassword}
          />
          <PasswordField
            id="new-password"
            name="newPassword"
            label="New password"
            autoComplete="new-password"
            error={passwordErrors.newPassword}
            hint={`At least ${minPasswordLength} characters. Every other session is signed out.`}
          />
          <button type="submit" className="button primary" disabled={busy === 'password'}>
            {busy === 'password' ? 'Changing…' : 'Change password'}
          </button>
        </Form>
      </section>
      <section className="card" aria-labelledby="email-heading">
        <h2 id="email-heading">Change your email address</h2>
        <p>
          You use <strong>{email}</strong>. Duopost sends a link to the new address and switches once you open it; the old address is told.
        </p>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="email" />
          {emailErrors.form ? <p className="alert error">{emailErrors.form}</p> : null}
          <div className="field">
            <label htmlFor="new-email">New email address</label>
            <input
              id="new-email"
              name="newEmail"
              type="email"
              autoComplete="email"
              required
              defaultValue={result?.intent === 'email' ? result.newEmail : ''}
              aria-invalid={emailErrors.newEmail ? true : undefined}
              aria-describedby={emailErrors.newEmail ? 'new-email-error' : undefined}
            />
            <FieldError id="new-email-error" message={emailErrors.newEmail} />
          </div>
          <PasswordField
            id="email-password"
            name="password"
            label="Your password"
            autoComplete="current-password"
            error={emailErrors.password}
          />
          <button type="submit" className="button primary" disabled={busy === 'email'}>
            {busy === 'email' ? 'Sending…' : 'Send a confirmation link'}
          </button>
        </Form>
      </section>
    </>
  )
}
