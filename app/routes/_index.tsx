import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, redirect } from '@remix-run/react'
import { getUser } from '#app/.server/auth/sessions.ts'

export const meta: MetaFunction = () => [{ title: 'Duopost: publish to Threads and Facebook Pages' }]

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect('/dashboard')
  return null
}

export default function Index() {
  return (
    <section className="hero">
      <h1>Publish to Threads and your Facebook Pages in one step.</h1>
      <p className="lead">Connect your Threads profile and any number of Pages, write once, and see exactly what happened on each one.</p>
      <p>
        <Link to="/signup" className="button primary">
          Create an account
        </Link>{' '}
        <Link to="/login">or log in</Link>
      </p>
    </section>
  )
}
