// @vitest-environment happy-dom
import { cleanup, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { FacebookPagesCard } from '#app/components/facebook-pages-card.tsx'
import { ThreadsCard } from '#app/components/threads-card.tsx'
import { pageConnection, renderOnDashboard, threadsConnection } from './render.tsx'

afterEach(cleanup)

const card = (name: string) => within(screen.getByRole('article', { name: new RegExp(name) }))

describe('the Threads card', () => {
  it('tells the visitor to ask the administrator when the server has no Threads app, with no buttons', async () => {
    renderOnDashboard(() => <ThreadsCard available={false} threads={null} />)
    expect(await screen.findByText(/must set THREADS_APP_ID and THREADS_APP_SECRET/)).toBeTruthy()
    expect(card('Threads').getByText(/Not set up/)).toBeTruthy()
    expect(card('Threads').queryAllByRole('button')).toHaveLength(0)
  })

  it('offers to connect when nothing is connected', async () => {
    renderOnDashboard(() => <ThreadsCard available threads={null} />)
    expect(await screen.findByRole('button', { name: 'Connect Threads' })).toBeTruthy()
    expect(card('Threads').queryByRole('button', { name: 'Disconnect' })).toBeNull()
  })

  it('shows the connected profile with a disconnect button and no reconnect', async () => {
    renderOnDashboard(() => <ThreadsCard available threads={threadsConnection()} />)
    expect(await screen.findByText('Ada Lovelace')).toBeTruthy()
    expect(card('Threads').getByText('@ada')).toBeTruthy()
    expect(card('Threads').getByRole('button', { name: 'Disconnect' })).toBeTruthy()
    expect(card('Threads').queryByRole('button', { name: 'Reconnect Threads' })).toBeNull()
  })

  it('warns how many days are left before access ends', async () => {
    const expiresAt = new Date(Date.now() + 3 * 86_400_000 - 60_000).toISOString()
    renderOnDashboard(() => <ThreadsCard available threads={threadsConnection({ status: 'EXPIRING_SOON', expiresAt })} />)
    expect(await screen.findByText(/Access ends in 3 days/)).toBeTruthy()
    expect(card('Threads').getByRole('button', { name: 'Reconnect Threads' })).toBeTruthy()
  })

  it('shows why publishing stopped, in Meta’s words, and offers to reconnect', async () => {
    const lastError = 'Meta says the session was invalidated because the user changed their password.'
    renderOnDashboard(() => <ThreadsCard available threads={threadsConnection({ status: 'NEEDS_RECONNECT', lastError })} />)
    expect(await screen.findByText(lastError)).toBeTruthy()
    expect(card('Threads').getByText(/Reconnect needed/)).toBeTruthy()
    expect(card('Threads').getByRole('button', { name: 'Reconnect Threads' })).toBeTruthy()
  })
})

describe('the Facebook Pages card', () => {
  it('offers to connect Pages when none are connected', async () => {
    renderOnDashboard(() => <FacebookPagesCard available pages={[]} />)
    expect(await screen.findByRole('button', { name: 'Connect Facebook Pages' })).toBeTruthy()
    expect(card('Facebook').getByText(/Not connected/)).toBeTruthy()
  })

  it('lists each Page with whether Duopost can publish there and a labelled remove button', async () => {
    const pages = [
      pageConnection(),
      pageConnection({
        id: 'page-row-2',
        pageId: '1002',
        name: 'Bike Shed',
        canPublish: false,
        publishBlockedReason: 'You are not an admin of this Page.',
      }),
    ]
    renderOnDashboard(() => <FacebookPagesCard available pages={pages} />)
    const list = within(await screen.findByRole('list', { name: 'Connected Pages' }))
    expect(list.getAllByRole('listitem')).toHaveLength(2)
    expect(list.getByText('Can publish')).toBeTruthy()
    expect(list.getByText('You are not an admin of this Page.')).toBeTruthy()
    expect(list.getByRole('button', { name: 'Remove Bike Shed' })).toBeTruthy()
    expect(card('Facebook').getByText(/1 of 2 need attention/)).toBeTruthy()
    expect(card('Facebook').getByRole('button', { name: 'Add more Pages' })).toBeTruthy()
  })

  it('asks for a reconnect when a Page lost its access', async () => {
    const lastError = 'The Page token was revoked at Meta.'
    renderOnDashboard(() => <FacebookPagesCard available pages={[pageConnection({ status: 'NEEDS_RECONNECT', lastError })]} />)
    expect(await screen.findByText(lastError)).toBeTruthy()
    expect(card('Facebook').getByRole('button', { name: 'Reconnect Facebook' })).toBeTruthy()
  })
})
