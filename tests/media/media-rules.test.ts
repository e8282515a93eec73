import { describe, expect, it } from 'vitest'
import { mediaIssues, mediaSummary, type MediaFacts } from '#app/shared/media-rules.ts'

const MB = 1024 * 1024
const image = (over: Partial<MediaFacts> = {}): MediaFacts => ({
  kind: 'image',
  mimeType: 'image/jpeg',
  sizeBytes: MB,
  durationMs: null,
  fileName: 'beach.jpg',
  altText: null,
  ...over,
})
const video = (over: Partial<MediaFacts> = {}): MediaFacts => ({
  ...image({ kind: 'video', mimeType: 'video/mp4', durationMs: 10_000, fileName: 'clip.mp4' }),
  ...over,
})
const messages = (items: MediaFacts[], platforms: ('threads' | 'facebook')[]) => mediaIssues(items, platforms).map((i) => i.message)

describe('media rules, each message naming the item and the rule', () => {
  it('accepts what both platforms take', () => {
    expect(messages([image(), image({ mimeType: 'image/png' })], ['threads', 'facebook'])).toEqual([])
    expect(messages([video()], ['threads', 'facebook'])).toEqual([])
    expect(messages([image(), video()], ['threads'])).toEqual([])
  })

  it('types per platform: GIF is for Facebook only', () => {
    expect(messages([image({ mimeType: 'image/gif', fileName: 'a.gif' })], ['threads'])).toEqual([
      'Item 1 (a.gif): Threads takes images as JPEG or PNG; this one is image/gif.',
    ])
    expect(messages([image({ mimeType: 'image/gif' })], ['facebook'])).toEqual([])
  })

  it('sizes per platform: 8 MB images on Threads, 4 MB photos on Facebook', () => {
    const big = image({ sizeBytes: 5 * MB })
    expect(messages([big], ['threads'])).toEqual([])
    expect(messages([big], ['facebook'])).toEqual(['Item 1 (beach.jpg): Facebook takes images up to 4 MB; this one is 5 MB.'])
    expect(messages([image({ sizeBytes: 9 * MB })], ['threads'])).toEqual([
      'Item 1 (beach.jpg): Threads takes images up to 8 MB; this one is 9 MB.',
    ])
  })

  it('video duration on Threads: at most 300 seconds', () => {
    expect(messages([video({ durationMs: 301_000 })], ['threads'])).toEqual([
      'Item 1 (clip.mp4): Threads takes videos up to 300 seconds; this one is 301 seconds.',
    ])
  })

  it('count: at most 20 items', () => {
    expect(
      messages(
        Array.from({ length: 21 }, () => image()),
        ['threads'],
      ),
    ).toEqual(['A post can have at most 20 images and videos; this one has 21.'])
  })

  it('alt text: at most 1,000 characters', () => {
    expect(messages([image(), image({ altText: 'a'.repeat(1001), fileName: null })], ['threads'])).toEqual([
      'Item 2: alt text can have at most 1000 characters; this one has 1001.',
    ])
  })

  it('mixing on Facebook: photos or one video, never both', () => {
    const rule = 'A Facebook Page post carries either photos or one video: remove the other items, or post the video on its own.'
    expect(messages([image(), video()], ['facebook'])).toEqual([rule])
    expect(messages([video(), video()], ['facebook'])).toEqual([rule])
  })

  it('says what each platform receives', () => {
    expect(mediaSummary([image(), video()], 'threads')).toBe('A carousel of 2')
    expect(mediaSummary([image(), image()], 'facebook')).toBe('One post with 2 photos')
    expect(mediaSummary([video()], 'facebook')).toBe('One video')
    expect(mediaSummary([image(), video()], 'facebook')).toBe('Photos or one video, not both')
    expect(mediaSummary([], 'threads')).toBe('Text only')
  })
})
