import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { getSession } from '#app/.server/auth/sessions.ts'
import { sandboxUrl } from '#app/.server/env.ts'
import { mailMode } from '#app/.server/mail/mail-mode.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { VerifyEmailBanner } from '#app/components/verify-email-banner.tsx'
import { SandboxBadge } from '#app/components/sandbox-badge.tsx'
import { useNonce } from '#app/nonce.tsx'
import stylesHref from '#app/styles/app.css?url'

// An inline icon: no extra request, and no 404 for /favicon.ico in every browser console.
const FAVICON = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#1d4ed8"/><text x="16" y="22" font-family="system-ui,sans-serif" font-size="17" font-weight="700" fill="#fff" text-anchor="middle">D</text></svg>',
)}`

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesHref },
  { rel: 'icon', href: FAVICON, type: 'image/svg+xml' },
]

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await getSession(request)
  const mail = mailMode()
  return {
    email: session?.user.email ?? null,
    sandboxUrl: sandboxUrl(),
    // Unverified people are asked to confirm only where a confirmation email can be sent.
    unverified: session !== null && !session.emailVerified && mail !== 'off',
    mailbox: mail === 'outbox',
  }
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce()
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <Header />
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

/** Rendered by Layout, so error pages keep the navigation and the Sandbox badge when the root loader ran. */
function Header() {
  const root = useRouteLoaderData<typeof loader>('root')
  const email = root?.email ?? null
  return (
    <header className="site-header">
      <div className="brand-group">
        <Link to={email ? '/dashboard' : '/'} className="brand">
          Duopost
        </Link>
        {root?.sandboxUrl ? <SandboxBadge url={root.sandboxUrl} /> : null}
        {root?.mailbox ? (
          <a className="mailbox-link" href="/dev/mailbox" title="Email is not sent from this laptop: read it here">
            Mailbox
          </a>
        ) : null}
      </div>
      <nav aria-label="Main" className="main-nav">
        {email ? (
          <>
            <NavLink to="/dashboard">Dashboard</NavLink>
            <NavLink to="/posts">Posts</NavLink>
            <NavLink to="/calendar">Calendar</NavLink>
            <NavLink to="/drafts">Drafts</NavLink>
            <NavLink to="/settings">Settings</NavLink>
            <Form method="post" action="/logout" className="inline">
              <span className="muted account-email">{email}</span> <button className="button subtle">Log out</button>
            </Form>
          </>
        ) : (
          <>
            <Link to="/login">Log in</Link>{' '}
            <Link to="/signup" className="button primary">
              Sign up
            </Link>
          </>
        )}
      </nav>
      {email && root?.unverified ? <VerifyEmailBanner email={email} /> : null}
    </header>
  )
}

export default function App() {
  return (
    <main className="page">
      <Outlet />
    </main>
  )
}

export function ErrorBoundary() {
  return (
    <main className="page">
      <GeneralErrorBoundary />
    </main>
  )
}
