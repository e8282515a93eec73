import type { LoaderFunctionArgs } from '@remix-run/node'
import { NavLink, Outlet } from '@remix-run/react'
import { requireUser } from '#app/.server/auth/sessions.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request)
  return null
}

const SECTIONS = [
  { to: '/settings', label: 'Account', end: true },
  { to: '/settings/sign-in', label: 'Email and password', end: false },
  { to: '/settings/api-tokens', label: 'API tokens', end: false },
  { to: '/settings/notifications', label: 'Notifications', end: false },
  { to: '/settings/webhooks', label: 'Webhooks', end: false },
  { to: '/settings/delete-account', label: 'Delete account', end: false },
]

/** The settings pages share a heading and a small navigation; each section is a child route. */
export default function Settings() {
  return (
    <div className="settings">
      <h1>Settings</h1>
      <div className="settings-layout">
        <nav aria-label="Settings" className="settings-nav">
          <ul>
            {SECTIONS.map((section) => (
              <li key={section.to}>
                <NavLink to={section.to} end={section.end} prefetch="intent">
                  {section.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="settings-content">
          <Outlet />
        </div>
      </div>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
