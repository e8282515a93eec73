import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { requireAnonymous } from '#app/.server/auth/sessions.ts'
import { logInForm } from '#app/auth-form.server.ts'
import { AuthForm } from '#app/components/auth-form.tsx'
import { FlashMessage } from '#app/components/flash-message.tsx'
import { takeFlash } from '#app/flash.server.ts'

export const meta: MetaFunction = () => [{ title: 'Log in · Duopost' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  const { flash, headers } = await takeFlash(request)
  return data({ flash }, { headers })
}

export function action(args: ActionFunctionArgs) {
  return logInForm(args)
}

export default function Login() {
  const { flash } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const [params] = useSearchParams()
  return (
    <section className="narrow">
      <FlashMessage flash={flash} />
      <h1>Log in</h1>
      <AuthForm mode="login" email={result?.email ?? ''} errors={result?.errors ?? {}} redirectTo={params.get('redirectTo') ?? undefined} />
      <p>
        New to Duopost? <Link to="/signup">Create an account</Link>.
      </p>
    </section>
  )
}
