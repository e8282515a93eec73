import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteError, isRouteErrorResponse } from '@remix-run/react'
import type { ReactNode } from 'react'
import { getUser } from '#app/.server/auth/sessions.ts'
import stylesHref from '#app/styles/app.css?url'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: stylesHref }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request)
  return { email: user?.email ?? null }
}

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  )
}

function Header({ email }: { email: string | null }) {
  return (
    <header className="site-header">
      <Link to={email ? '/dashboard' : '/'} className="brand">
        Duopost
      </Link>
      <nav aria-label="Account">
        {email ? (
          <Form method="post" action="/logout" className="inline">
            <span className="muted">{email}</span> <button className="button subtle">Log out</button>
          </Form>
        ) : (
          <>
            <Link to="/login">Log in</Link> <Link to="/signup" className="button">Sign up</Link>
          </>
        )}
      </nav>
    </header>
  )
}

export default function App() {
  const { email } = useLoaderData<typeof loader>()
  return (
    <>
      <Header email={email} />
      <main className="page">
        <Outlet />
      </main>
    </>
  )
}

export function ErrorBoundary() {
  const error = useRouteError()
  const status = isRouteErrorResponse(error) ? error.status : 500
  return (
    <main className="page">
      <h1>{status === 404 ? 'Page not found' : 'Something went wrong'}</h1>
      <p>
        {status === 404
          ? 'There is nothing at this address.'
          : 'Duopost hit an unexpected error. Try again; if it keeps happening, check the server log.'}
      </p>
      <p>
        <Link to="/dashboard">Back to the dashboard</Link>
      </p>
    </main>
  )
}
