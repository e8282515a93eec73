import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { MIN_PASSWORD_LENGTH } from '#app/.server/auth/credentials.ts'
import { requireAnonymous } from '#app/.server/auth/sessions.ts'
import { signUpForm } from '#app/auth-form.server.ts'
import { AuthForm } from '#app/components/auth-form.tsx'

export const meta: MetaFunction = () => [{ title: 'Sign up · Duopost' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  return { minPasswordLength: MIN_PASSWORD_LENGTH }
}

export function action(args: ActionFunctionArgs) {
  return signUpForm(args)
}

export default function Signup() {
  const { minPasswordLength } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  return (
    <section className="narrow">
      <h1>Create your Duopost account</h1>
      <AuthForm mode="signup" email={result?.email ?? ''} errors={result?.errors ?? {}} minPasswordLength={minPasswordLength} />
      <p>
        Already have an account? <Link to="/login">Log in</Link>.
      </p>
    </section>
  )
}
