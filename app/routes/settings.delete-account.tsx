import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useNavigation } from '@remix-run/react'
import { deleteAccount } from '#app/.server/account-closure/delete-account.ts'
import { endSession, requireUser } from '#app/.server/auth/sessions.ts'
import { FieldError } from '#app/components/field-error.tsx'
import { setFlash } from '#app/flash.server.ts'
import { inputErrors } from '#app/form-errors.server.ts'

export const meta: MetaFunction = () => [{ title: 'Delete your account · Duopost' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request)
  return null
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const form = await request.formData()
  let report
  try {
    report = await deleteAccount(user.id, String(form.get('password') ?? ''))
  } catch (error) {
    return data({ errors: inputErrors(error) }, { status: 400 })
  }
  const message = ['Your Duopost account is deleted.', ...report.metaMessages].join(' ')
  const headers = new Headers()
  headers.append('Set-Cookie', await endSession(request))
  headers.append('Set-Cookie', await setFlash('success', message))
  return redirect('/login', { headers })
}

export default function DeleteAccount() {
  const result = useActionData<typeof action>()
  const deleting = useNavigation().state === 'submitting'
  const errors = result?.errors ?? {}
  return (
    <section className="card" aria-labelledby="delete-heading">
      <h2 id="delete-heading">Delete your account</h2>
      <p>Deleting your account cannot be undone. Duopost then:</p>
      <ul>
        <li>cancels your scheduled posts and everything not yet published;</li>
        <li>
          gives up its permission at Facebook, and disconnects Threads (Threads offers apps no way to give up access: remove Duopost under
          Threads → Settings → Account → Website permissions);
        </li>
        <li>deletes your connections, posts, API tokens, webhooks and settings, and signs out every session.</li>
      </ul>
      <p>Posts already published stay on Threads and Facebook; delete them there if you want them gone.</p>
      <Form method="post" noValidate>
        {errors.form ? <p className="alert error">{errors.form}</p> : null}
        <div className="field">
          <label htmlFor="delete-password">Your password</label>
          <input
            id="delete-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            aria-invalid={errors.password ? true : undefined}
            aria-describedby={errors.password ? 'delete-password-error' : undefined}
          />
          <FieldError id="delete-password-error" message={errors.password} />
        </div>
        <button type="submit" className="button danger" disabled={deleting}>
          {deleting ? 'Deleting…' : 'Delete my account'}
        </button>
      </Form>
    </section>
  )
}
