import { isRouteErrorResponse, Link, useRouteError, type ErrorResponse } from '@remix-run/react'
import type { ReactNode } from 'react'

type StatusHandler = (error: ErrorResponse) => ReactNode

/** What a thrown Response's body says: loaders throw plain-text messages written for people. */
function messageOf(error: ErrorResponse): string | null {
  return typeof error.data === 'string' && error.data.trim() !== '' ? error.data : null
}

function Problem({ title, message, children }: { title: string; message: string; children?: ReactNode }) {
  return (
    <section className="card" role="alert" aria-labelledby="error-heading">
      <h1 id="error-heading">{title}</h1>
      <p>{message}</p>
      {children ?? (
        <p>
          <Link to="/dashboard">Back to the dashboard</Link>
        </p>
      )}
    </section>
  )
}

/** The answers every page shares; a route passes its own for the statuses it knows better. */
const STATUS_HANDLERS: Record<number, StatusHandler> = {
  401: (error) => (
    <Problem title="Your session has ended" message={messageOf(error) ?? 'Log in again to continue.'}>
      <p>
        <Link to="/login">Log in</Link>
      </p>
    </Problem>
  ),
  403: (error) => <Problem title="Not allowed" message={messageOf(error) ?? 'Your account may not do this.'} />,
  404: () => <Problem title="Page not found" message="There is nothing at this address." />,
  429: (error) => (
    <Problem title="Too many requests" message={messageOf(error) ?? 'Wait a moment, then reload the page.'}>
      <p>
        Nothing was lost: wait, then <Link to=".">reload the page</Link>.
      </p>
    </Problem>
  ),
}

const defaultStatusHandler: StatusHandler = (error) => (
  <Problem title="Something went wrong" message={messageOf(error) ?? `The server answered ${error.status} ${error.statusText}.`} />
)

const unexpectedError = () => (
  <Problem
    title="Something went wrong"
    message="Duopost hit an unexpected error. Try again; if it keeps happening, check the server log."
  />
)

/**
 * The error boundary every route renders (after the Epic Stack's): a Response a loader or action
 * threw (a refusal from the API, a missing page) is shown by its status with the words it carries;
 * anything else is unexpected, and its details stay in the server log.
 */
export function GeneralErrorBoundary({ statusHandlers }: { statusHandlers?: Record<number, StatusHandler> }) {
  const error = useRouteError()
  if (!isRouteErrorResponse(error)) return unexpectedError()
  const handler = statusHandlers?.[error.status] ?? STATUS_HANDLERS[error.status] ?? defaultStatusHandler
  return handler(error)
}
