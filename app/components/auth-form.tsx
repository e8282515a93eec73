import { useEffect, useState } from 'react'
import { Form, Link, useNavigation } from '@remix-run/react'
import type { FieldErrors } from '#app/.server/auth/credentials.ts'

type Props = {
  mode: 'login' | 'signup'
  email: string
  errors: FieldErrors
  redirectTo?: string
  minPasswordLength?: number
}

export function AuthForm({ mode, email, errors, redirectTo, minPasswordLength }: Props) {
  const submitting = useNavigation().state === 'submitting'
  const passwordHint = mode === 'signup' ? `At least ${minPasswordLength} characters.` : undefined
  return (
    <Form method="post" className="card auth-form" noValidate aria-describedby={errors.form ? 'form-error' : undefined}>
      {errors.form ? (
        <p id="form-error" role="alert" className="alert error">
          {errors.form}
        </p>
      ) : null}
      {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
      {mode === 'signup' ? <BrowserTimeZone /> : null}
      <label htmlFor="email">Email</label>
      <input
        id="email"
        name="email"
        type="email"
        autoComplete="email"
        defaultValue={email}
        required
        aria-invalid={errors.email ? true : undefined}
        aria-describedby={errors.email ? 'email-error' : undefined}
      />
      {errors.email ? (
        <p id="email-error" className="field-error">
          {errors.email}
        </p>
      ) : null}
      <label htmlFor="password">Password</label>
      <input
        id="password"
        name="password"
        type="password"
        autoComplete={mode === 'signup' ? 'new-password' : 'current-password'}
        required
        minLength={minPasswordLength}
        aria-invalid={errors.password ? true : undefined}
        aria-describedby={errors.password ? 'password-error' : passwordHint ? 'password-hint' : undefined}
      />
      {errors.password ? (
        <p id="password-error" className="field-error">
          {errors.password}
        </p>
      ) : passwordHint ? (
        <p id="password-hint" className="hint">
          {passwordHint}
        </p>
      ) : null}
      <button type="submit" className="button primary" disabled={submitting}>
        {mode === 'signup' ? 'Create account' : 'Log in'}
      </button>
      {mode === 'login' ? (
        <p className="hint">
          <Link to="/forgot-password">Forgot your password?</Link>
        </p>
      ) : null}
    </Form>
  )
}

/**
 * The browser's own time zone, sent with the sign-up form so that times read right from the first
 * page. Without JavaScript the field stays empty and the account starts on UTC (Settings changes it).
 */
function BrowserTimeZone() {
  const [zone, setZone] = useState('')
  useEffect(() => setZone(Intl.DateTimeFormat().resolvedOptions().timeZone), [])
  return <input type="hidden" name="timeZone" value={zone} />
}
