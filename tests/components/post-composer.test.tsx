// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { PostComposer } from '#app/components/post-composer.tsx'
import type { PublishRefused } from '#app/dashboard-actions.server.ts'
import { connections, pageConnection, renderOnDashboard, threadsConnection } from './render.tsx'

afterEach(cleanup)

const BOTH = connections({ threads: threadsConnection(), facebookPages: [pageConnection()] })

function renderComposer(actionResult: PublishRefused | null = null) {
  return renderOnDashboard(
    () => <PostComposer connections={BOTH} draft={null} idempotencyKey="key-1" sampleImageUrl={null} timeZone="Europe/Berlin" />,
    actionResult,
  )
}

const publishButton = () => screen.getByRole<HTMLButtonElement>('button', { name: /^Publish/ })

describe('the post composer', () => {
  it('starts with every working connection ticked and Publish held back until there is something to post', async () => {
    renderComposer()
    const text = await screen.findByRole('textbox', { name: 'Text' })
    expect(screen.getByText('Write some text or add an image.')).toBeTruthy()
    expect(publishButton().disabled).toBe(true)

    fireEvent.change(text, { target: { value: 'Hello from both places' } })
    expect(publishButton().textContent).toBe('Publish now to 2 places')
    expect(publishButton().disabled).toBe(false)
  })

  it('offers Schedule once a time is chosen, in the person’s own zone, named beside the field', async () => {
    renderComposer()
    fireEvent.change(await screen.findByRole('textbox', { name: 'Text' }), { target: { value: 'Later' } })
    const schedule = screen.getByRole<HTMLButtonElement>('button', { name: 'Schedule' })
    expect(schedule.disabled).toBe(true)
    const when = screen.getByLabelText<HTMLInputElement>(/Schedule for.*Europe\/Berlin/)
    expect(when.type).toBe('datetime-local')
    fireEvent.change(when, { target: { value: '2099-12-09T09:00' } })
    expect(schedule.disabled).toBe(false)
  })

  it('counts as Threads counts and says by how much a post is too long', async () => {
    renderComposer()
    fireEvent.change(await screen.findByRole('textbox', { name: 'Text' }), { target: { value: 'x'.repeat(501) } })
    expect(
      screen.getByText('Threads allows 500 characters and counts each emoji as several; this text counts 501. Shorten it by 1.'),
    ).toBeTruthy()
    expect(publishButton().disabled).toBe(true)
  })

  it('keeps what was written and shows the API’s reason next to the field when a post is refused', async () => {
    const values = {
      text: 'Look at this',
      imageUrl: 'https://example.com/missing.png',
      link: '',
      platforms: ['THREADS' as const],
      pageIds: [],
      media: [],
      idempotencyKey: 'key-1',
      when: 'now' as const,
      scheduledAt: '',
      timeZone: 'Europe/Berlin',
    }
    renderComposer({ values, errors: { fields: { imageUrl: 'Meta could not fetch this image (HTTP 404).' }, form: [] } })
    fireEvent.change(await screen.findByRole('textbox', { name: 'Text' }), { target: { value: 'Look at this' } })
    fireEvent.click(publishButton())
    expect(await screen.findByText('Meta could not fetch this image (HTTP 404).')).toBeTruthy()
    expect(screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Text' }).value).toBe('Look at this')
  })
})

describe('starting from an earlier post', () => {
  it('brings its uploaded media and alt text along, so "Edit as new post" resends the same photos', async () => {
    const photo = {
      __typename: 'Media' as const,
      id: 'media-1',
      kind: 'IMAGE' as const,
      mimeType: 'image/jpeg',
      sizeBytes: 1234,
      durationMs: null,
      fileName: 'harbour.jpg',
      url: 'http://localhost/media/media-1',
    }
    const draft = {
      id: 'post-1',
      text: 'Again',
      imageUrl: null,
      link: null,
      targets: [],
      media: [{ altText: 'A harbour at dawn', media: photo }],
    }
    const { container } = renderOnDashboard(
      () => <PostComposer connections={BOTH} draft={draft} idempotencyKey="key-2" sampleImageUrl={null} timeZone="UTC" />,
      null,
    )
    await screen.findByRole('textbox', { name: 'Text' })
    expect(container.querySelector<HTMLInputElement>('input[name="mediaId"]')?.value).toBe('media-1')
    expect(screen.getByDisplayValue('A harbour at dawn')).toBeTruthy()
  })
})
