import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useSearchParams } from '@remix-run/react'
import { requireAnonymous } from '#app/.server/auth/sessions.ts'
import { authenticateForm } from '#app/auth-form.server.ts'
import { AuthForm } from '#app/components/auth-form.tsx'

export const meta: MetaFunction = () => [{ title: 'Log in · Duopost' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  return null
}

export function action(args: ActionFunctionArgs) {
  return authenticateForm('login', args)
}

export default function Login() {
  const result = useActionData<typeof action>()
  const [params] = useSearchParams()
  return (
    <section className="narrow">
      <h1>Log in</h1>
      <AuthForm mode="login" email={result?.email ?? ''} errors={result?.errors ?? {}} redirectTo={params.get('redirectTo') ?? undefined} />
      <p>
        New to Duopost? <Link to="/signup">Create an account</Link>.
      </p>
    </section>
  )
}
