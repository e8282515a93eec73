import { createRemixStub } from '@remix-run/testing'
import { render } from '@testing-library/react'
import type { ReactNode } from 'react'
import type { DashboardQuery } from '#app/gql/graphql.ts'

type Connections = DashboardQuery['connections']
export type ThreadsConnection = NonNullable<Connections['threads']>
export type PageConnection = Connections['facebookPages'][number]

/**
 * Renders `ui` as the dashboard route does, inside Remix's router (its forms need one); the
 * dashboard's action answers with `actionResult`, which the composer reads as action data.
 */
export function renderOnDashboard(ui: () => ReactNode, actionResult: object | null = null) {
  const Stub = createRemixStub([{ path: '/dashboard', Component: ui, action: () => actionResult }])
  return render(<Stub initialEntries={['/dashboard']} />)
}

export function threadsConnection(overrides: Partial<ThreadsConnection> = {}): ThreadsConnection {
  return {
    id: 'threads-1',
    username: 'ada',
    name: 'Ada Lovelace',
    pictureUrl: null,
    expiresAt: new Date(Date.now() + 50 * 86_400_000).toISOString(),
    status: 'ACTIVE',
    canPublish: true,
    lastError: null,
    ...overrides,
  }
}

export function pageConnection(overrides: Partial<PageConnection> = {}): PageConnection {
  return {
    id: 'page-row-1',
    pageId: '1001',
    name: 'Coffee Corner',
    pictureUrl: null,
    canPublish: true,
    publishBlockedReason: null,
    status: 'ACTIVE',
    lastError: null,
    ...overrides,
  }
}

export function connections(overrides: Partial<Connections> = {}): Connections {
  return { threadsAvailable: true, facebookAvailable: true, threads: null, facebookPages: [], ...overrides }
}
