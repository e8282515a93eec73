import { afterEach, describe, expect, it } from 'vitest'
import { reloadEnv } from '#app/.server/env.ts'
import { metaPermalink } from '#app/.server/platforms/meta-links.ts'

const SANDBOX = 'http://127.0.0.1:4010'

afterEach(() => {
  delete process.env.META_SANDBOX_URL
  reloadEnv()
})

describe('permalinks from Meta', () => {
  it.each([
    'https://www.threads.net/@ana/post/C1a2b3',
    'https://www.threads.com/@ana/post/C1a2b3',
    'https://threads.net/@ana/post/C1a2b3',
    'https://www.facebook.com/100000000000011/posts/123456',
    'https://m.facebook.com/story.php?story_fbid=1&id=2',
  ])('keeps %s', (link) => {
    expect(metaPermalink(link)).toBe(link)
  })

  it.each([
    'javascript:alert(document.cookie)',
    'JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'http://www.threads.net/@ana/post/C1a2b3',
    'https://threads.net.evil.example/@ana',
    'https://evilfacebook.com/posts/1',
    'https://evil.example/www.facebook.com',
    'https://user:pass@www.facebook.com/1',
    'https://www.facebook.com:8443/1',
    '//www.facebook.com/1',
    '/relative/path',
    'not a url',
    '',
    undefined,
  ])('drops %j, as if Meta had sent none', (link) => {
    expect(metaPermalink(link)).toBeUndefined()
  })

  it("accepts the sandbox's own links only in sandbox mode", () => {
    const link = `${SANDBOX}/view/threads/@ana/post/abc`
    expect(metaPermalink(link)).toBeUndefined()
    process.env.META_SANDBOX_URL = SANDBOX
    reloadEnv()
    expect(metaPermalink(link)).toBe(link)
    expect(metaPermalink('http://127.0.0.1:9999/view/x')).toBeUndefined()
  })
})
