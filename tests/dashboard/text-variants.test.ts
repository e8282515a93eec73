import { describe, expect, it } from 'vitest'
import { composerProblems, textLengths } from '#app/composer-checks.ts'
import { composerErrors, publishInput, readComposerForm, type ComposerValues } from '#app/publish-form.ts'
import { sentText } from '#app/shared/content-rules.ts'
import { z } from 'zod'
import { contentRuleIssues, customTextFor, postContentFields, sentLength, textVariants } from '#app/shared/post-content-schema.ts'

// Issue 17: one main text, and a text of its own for Threads, for every Page or for one Page,
// each counted as its network counts the text it is sent.

const base: ComposerValues = {
  text: 'Main',
  imageUrl: '',
  link: '',
  platforms: ['THREADS', 'FACEBOOK'],
  pageIds: ['p1', 'p2'],
  media: [],
  idempotencyKey: 'k',
  when: 'now',
  scheduledAt: '',
  timeZone: 'UTC',
}

/** The fields, well formed, before the rules across them. */
const parse = (input: unknown) => z.object(postContentFields).parse(input)

describe('the text each target is sent', () => {
  it('adds the link at the end of a text with media, once, and leaves a text post alone', () => {
    expect(sentText('Look', 'https://a.example/x', true)).toBe('Look\nhttps://a.example/x')
    expect(sentText('Look at https://a.example/x', 'https://a.example/x', true)).toBe('Look at https://a.example/x')
    expect(sentText('Look', 'https://a.example/x', false)).toBe('Look')
    expect(sentText('', 'https://a.example/x', true)).toBe('https://a.example/x')
  })

  it('counts the added link as the network counts: Threads an emoji as its bytes, Facebook each character once', () => {
    expect(sentLength('threads', '👋', 'https://a.example', true)).toEqual({ length: 4 + 1 + 17, linkAdded: true })
    expect(sentLength('facebook', '👋', 'https://a.example', true)).toEqual({ length: 1 + 1 + 17, linkAdded: true })
    expect(sentLength('threads', '👋', 'https://a.example', false)).toEqual({ length: 4, linkAdded: false })
  })

  it("takes a Page's own text first, then Facebook's, then the main text; blank is none", () => {
    const post = parse({
      platforms: ['threads', 'facebook'],
      content: { text: 'Main', threadsText: ' ', facebookText: 'FB', pageTexts: [{ pageId: 'p2', text: 'P2' }] },
      facebookPageIds: ['p1', 'p2'],
    })
    expect(customTextFor(post.content, 'threads')).toBeNull()
    expect(customTextFor(post.content, 'facebook', 'p1')).toBe('FB')
    expect(customTextFor(post.content, 'facebook', 'p2')).toBe('P2')
    expect(textVariants(post)).toEqual([
      { platform: 'threads', path: ['content', 'text'], text: 'Main' },
      { platform: 'facebook', path: ['content', 'facebookText'], text: 'FB' },
      { platform: 'facebook', path: ['content', 'pageTexts', '0', 'text'], text: 'P2' },
    ])
  })

  it('checks only the texts that are sent: a long main text is fine when every target has its own', () => {
    const long = 'x'.repeat(600)
    const post = parse({
      platforms: ['threads', 'facebook'],
      content: { text: long, threadsText: 'Short' },
      facebookPageIds: ['p1'],
    })
    expect(contentRuleIssues(post)).toEqual([])
    expect(contentRuleIssues({ ...post, content: { ...post.content, threadsText: null } })).toEqual([
      { path: ['content', 'text'], message: expect.stringContaining('this text counts 600') },
    ])
  })

  it('counts a link past the 500 with a photo, and says why', () => {
    const link = 'https://a.example/page'
    const post = parse({ platforms: ['threads'], content: { text: 'x'.repeat(490), link, imageUrl: 'https://a.example/i.png' } })
    expect(contentRuleIssues(post)).toEqual([
      {
        path: ['content', 'text'],
        message: `Threads allows 500 characters and counts each emoji as several; this text counts ${491 + link.length} with the link Duopost adds at its end (a post with a photo or video gets no link card). Shorten it by ${491 + link.length - 500}.`,
      },
    ])
    // Without the photo the link is a card, not text.
    expect(contentRuleIssues({ ...post, content: { ...post.content, imageUrl: null } })).toEqual([])
  })

  it('counts the links of each text on its own', () => {
    const links = Array.from({ length: 6 }, (_, i) => `https://a.example/${i}`).join(' ')
    const post = parse({ platforms: ['threads', 'facebook'], content: { text: 'Main', threadsText: links }, facebookPageIds: ['p1'] })
    expect(contentRuleIssues(post)).toEqual([
      { path: ['content', 'threadsText'], message: 'Threads allows at most 5 links in a post; this one has 6.' },
    ])
  })
})

describe('the composer’s customised texts', () => {
  it('reads them from the form and sends only those of chosen networks and Pages', () => {
    const form = new FormData()
    for (const [name, value] of [
      ['text', 'Main'],
      ['platform', 'THREADS'],
      ['platform', 'FACEBOOK'],
      ['pageId', 'p2'],
      ['threadsText', 'For Threads'],
      ['facebookText', ''],
      ['pageText:p1', 'Not chosen'],
      ['pageText:p2', 'For p2'],
    ])
      form.append(name!, value!)
    const values = readComposerForm(form)
    expect(values.customTexts).toEqual({ threads: 'For Threads', facebook: '', pages: { p1: 'Not chosen', p2: 'For p2' } })
    expect(publishInput(values).content).toEqual({
      text: 'Main',
      imageUrl: null,
      link: null,
      threadsText: 'For Threads',
      pageTexts: [{ pageId: 'p2', text: 'For p2' }],
    })
    expect(publishInput({ ...values, platforms: ['FACEBOOK'] }).content).not.toHaveProperty('threadsText')
  })

  it("puts an issue about a Page's text next to that Page's field", () => {
    const values = { ...base, customTexts: { threads: '', facebook: '', pages: { p2: 'y'.repeat(63_207) } } }
    expect(composerProblems(values)).toEqual([
      { field: 'pageText:p2', message: expect.stringContaining('Facebook allows 63206 characters; this text has 63207') },
    ])
    expect(composerErrors([{ field: 'content.pageTexts.0.text', message: 'Too long.' }], values).fields).toEqual({
      'pageText:p2': 'Too long.',
    })
  })

  it('counts the main text only for the networks that send it', () => {
    expect(textLengths({ text: 'ok 👋', platforms: ['THREADS'], link: 'https://a.example', hasMedia: true })).toEqual([
      { target: 'Threads', length: 7 + 1 + 17, limit: 500, linkAdded: true },
    ])
  })
})
