import { describe, expect, it } from 'vitest'
import { composerProblems, textLengths } from '#app/composer-checks.ts'
import { composerErrors, publishInput, readComposerForm, scheduleFieldProblem, type ComposerValues } from '#app/publish-form.ts'

const base: ComposerValues = {
  text: 'Hi',
  imageUrl: '',
  link: '',
  platforms: ['THREADS', 'FACEBOOK'],
  pageIds: ['1'],
  media: [],
  idempotencyKey: 'k',
  when: 'now',
  scheduledAt: '',
  timeZone: 'UTC',
}

describe('the composer’s live checks: the server’s content rules, in the server’s words', () => {
  it('counts as Threads counts: an emoji is its UTF-8 bytes', () => {
    expect(textLengths({ text: 'ok 👋', platforms: ['THREADS', 'FACEBOOK'] })).toEqual([
      { target: 'Threads', length: 7, limit: 500, linkAdded: false },
      { target: 'Facebook', length: 4, limit: 63_206, linkAdded: false },
    ])
  })

  it('names the targets a text is too long for, and only the chosen ones', () => {
    const text = '👋'.repeat(130)
    expect(composerProblems({ ...base, text })).toEqual([
      { field: 'text', message: 'Threads allows 500 characters and counts each emoji as several; this text counts 520. Shorten it by 20.' },
    ])
    expect(composerProblems({ ...base, text, platforms: ['FACEBOOK'] })).toEqual([])
  })

  it('wants a destination, a Page when Facebook is chosen, and something to post', () => {
    expect(composerProblems({ ...base, text: ' ', platforms: ['FACEBOOK'], pageIds: [] }).map((p) => p.field)).toEqual(['pageIds', 'text'])
    expect(composerProblems({ ...base, platforms: [] })).toEqual([
      { field: 'platforms', message: 'Choose at least one place to publish to: Threads, Facebook, or both.' },
    ])
    expect(composerProblems({ ...base, text: '', imageUrl: 'https://example.com/a.png' })).toEqual([])
  })

  it('counts links as Threads does, the link field included', () => {
    const text = Array.from({ length: 5 }, (_, i) => `https://example.com/${i}`).join(' ')
    expect(composerProblems({ ...base, text })).toEqual([])
    expect(composerProblems({ ...base, text, link: 'https://other.example' })).toEqual([
      { field: 'text', message: 'Threads allows at most 5 links in a post; this one has 6.' },
    ])
  })
})

describe('the composer’s form', () => {
  it('reads ticked boxes as lists, drops Pages when Facebook is not ticked, and sends empty fields as null', () => {
    const form = new FormData()
    for (const [name, value] of [
      ['text', 'Hello'],
      ['platform', 'THREADS'],
      ['platform', 'MYSPACE'],
      ['pageId', '1'],
      ['imageUrl', ' '],
      ['idempotencyKey', 'k'],
    ])
      form.append(name!, value!)
    const values = readComposerForm(form)
    expect(values).toEqual({
      text: 'Hello',
      imageUrl: '',
      link: '',
      platforms: ['THREADS'],
      pageIds: ['1'],
      idempotencyKey: 'k',
      media: [],
      when: 'now',
      scheduledAt: '',
      timeZone: 'UTC',
    })
    expect(publishInput(values)).toEqual({
      platforms: ['THREADS'],
      content: { text: 'Hello', imageUrl: null, link: null },
      facebookPageIds: [],
      idempotencyKey: 'k',
      scheduledAt: null,
      waitForResults: false,
    })
  })

  it('reads Schedule as the wall-clock time in the zone the form names, and says what is wrong with a bad one', () => {
    const form = new FormData()
    for (const [name, value] of [
      ['text', 'Later'],
      ['platform', 'THREADS'],
      ['when', 'schedule'],
      ['scheduledAt', '2026-12-09T09:00'],
      ['timeZone', 'Europe/Berlin'],
    ])
      form.append(name!, value!)
    const values = readComposerForm(form)
    expect(scheduleFieldProblem(values)).toBeNull()
    expect(publishInput(values).scheduledAt).toBe('2026-12-09T08:00:00.000Z')
    expect(publishInput({ ...values, when: 'now' }).scheduledAt).toBeNull()
    expect(scheduleFieldProblem({ ...values, scheduledAt: '' })).toBe('Choose the date and time to publish at, or press Publish now.')
    expect(scheduleFieldProblem({ ...values, scheduledAt: '2026-13-01T09:00' })).toMatch(/is not a date and time/)
    form.set('timeZone', 'Mars/Olympus_Mons')
    expect(readComposerForm(form).timeZone).toBe('UTC')
  })

  it('puts each API issue next to its field, joins several, and keeps unknown ones for the top of the form', () => {
    expect(
      composerErrors([
        { field: 'content.text', message: 'Too long.' },
        { field: 'content.text', message: 'Too many links.' },
        { field: 'facebookPageIds', message: 'Choose a Page.' },
        { field: 'scheduledAt', message: 'Later, please.' },
        { field: 'input', message: 'Something else.' },
      ]),
    ).toEqual({
      fields: { text: 'Too long. Too many links.', pageIds: 'Choose a Page.', scheduledAt: 'Later, please.' },
      form: ['Something else.'],
    })
  })
})
