// @vitest-environment happy-dom
import { createRemixStub } from '@remix-run/testing'
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'

afterEach(cleanup)

/** A page whose loader throws `thrown`, rendered with the app's error boundary. */
function renderFailing(thrown: unknown) {
  const Stub = createRemixStub([
    {
      path: '/',
      Component: () => <p>The page</p>,
      ErrorBoundary: () => <GeneralErrorBoundary />,
      loader: () => {
        throw thrown
      },
    },
  ])
  render(<Stub />)
}

describe('GeneralErrorBoundary', () => {
  it('shows a rate limit with the API’s own words and how to go on', async () => {
    renderFailing(new Response('Too many requests with this browser session. Retry in 7 seconds.', { status: 429 }))
    expect(await screen.findByRole('heading', { name: 'Too many requests' })).toBeTruthy()
    expect(screen.getByText('Too many requests with this browser session. Retry in 7 seconds.')).toBeTruthy()
    expect(screen.getByRole('link', { name: 'reload the page' })).toBeTruthy()
  })

  it('offers to log in again after a 401', async () => {
    renderFailing(new Response('Your session ended while loading the page. Log in again.', { status: 401 }))
    expect(await screen.findByRole('heading', { name: 'Your session has ended' })).toBeTruthy()
    expect(screen.getByRole('link', { name: 'Log in' }).getAttribute('href')).toBe('/login')
  })

  it('says what is not allowed after a 403', async () => {
    renderFailing(new Response('This needs the PUBLISH scope.', { status: 403 }))
    expect(await screen.findByRole('heading', { name: 'Not allowed' })).toBeTruthy()
    expect(screen.getByText('This needs the PUBLISH scope.')).toBeTruthy()
  })

  it('keeps the details of an unexpected error out of the page', async () => {
    renderFailing(new Error('connect ECONNREFUSED 127.0.0.1:5432'))
    expect(await screen.findByRole('heading', { name: 'Something went wrong' })).toBeTruthy()
    expect(screen.queryByText(/ECONNREFUSED/)).toBeNull()
  })
})
