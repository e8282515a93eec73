// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { PostComposer } from '#app/components/post-composer.tsx'
import { TargetRow } from '#app/components/target-row.tsx'
import { connections, pageConnection, renderOnDashboard, threadsConnection } from './render.tsx'

afterEach(cleanup)

const PAGES = [pageConnection(), pageConnection({ id: 'page-row-2', pageId: '1002', name: 'Book Nook' })]
const ALL = connections({ threads: threadsConnection(), facebookPages: PAGES })

function renderComposer() {
  return renderOnDashboard(
    () => <PostComposer connections={ALL} draft={null} idempotencyKey="key-1" sampleImageUrl={null} timeZone="UTC" />,
    null,
  )
}

describe('text customised per network and Page in the composer', () => {
  it('counts each text as its network counts it, and previews what each target will show', async () => {
    const { container } = renderComposer()
    fireEvent.change(await screen.findByRole('textbox', { name: 'Text' }), { target: { value: 'Hello 👋' } })
    expect(container.querySelector('#post-text-count')?.textContent).toBe(
      '10 / 500 characters as Threads counts them · 7 / 63,206 characters on Facebook',
    )
    fireEvent.change(screen.getByRole('textbox', { name: 'Text for Threads (optional)' }), { target: { value: 'x'.repeat(501) } })
    // The main text now goes to the Pages only, and the Threads text is counted and refused on its own.
    expect(container.querySelector('#post-text-count')?.textContent).toBe('7 / 63,206 characters on Facebook')
    expect(container.querySelector('#post-threads-text-count')?.textContent).toBe('501 / 500 characters as Threads counts them')
    expect(screen.getByRole<HTMLButtonElement>('button', { name: /^Publish/ }).disabled).toBe(true)

    fireEvent.change(screen.getByRole('textbox', { name: 'Text for Book Nook (optional)' }), { target: { value: 'Only for books' } })
    const previews = within(screen.getByRole('region', { name: 'Preview' })).getAllByRole('listitem')
    expect(previews.map((preview) => preview.textContent)).toEqual([
      `A@ada on Threads${'x'.repeat(501)}`,
      'CCoffee Corner on FacebookHello 👋',
      'BBook Nook on FacebookOnly for books',
    ])
  })

  it('cuts a long Facebook text with "See more" and shows a link card on a post without media', async () => {
    renderComposer()
    fireEvent.change(await screen.findByRole('textbox', { name: 'Text' }), { target: { value: 'word '.repeat(100) } })
    fireEvent.change(screen.getByRole('textbox', { name: /^Link/ }), { target: { value: 'https://www.example.com/menu' } })
    const preview = within(screen.getByRole('region', { name: 'Preview' }))
    expect(preview.getAllByText('See more')).toHaveLength(1)
    expect(preview.getAllByText('example.com')).toHaveLength(2)
  })
})

describe("a failed target's row", () => {
  it("shows Meta's own message beside Duopost's plain words", async () => {
    const target = {
      id: 't1',
      platform: 'THREADS' as const,
      accountName: '@ada',
      pageId: null,
      text: 'Hi',
      customText: false,
      status: 'FAILED' as const,
      permalink: null,
      publishedAt: null,
      nextAttemptAt: null,
      awaitingRetry: false,
      error: {
        message: 'Threads refused this post. Change it and post it again.',
        metaMessage: 'Param text must be at most 500 characters long.',
        action: 'EDIT' as const,
        retryable: false,
        retryAfter: null,
      },
    }
    renderOnDashboard(() => (
      <ul>
        <TargetRow target={target} postId="p1" />
      </ul>
    ))
    expect(await screen.findByText('Threads refused this post. Change it and post it again.')).toBeTruthy()
    expect(screen.getByText('Param text must be at most 500 characters long.').closest('p')?.textContent).toBe(
      'Threads said: Param text must be at most 500 characters long.',
    )
  })
})
