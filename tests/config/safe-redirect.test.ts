import { describe, expect, it } from 'vitest'
import { safeRedirectPath } from '#app/.server/safe-redirect.ts'

describe('safeRedirectPath', () => {
  it.each(['/dashboard', '/settings?tab=tokens', '/a/b#c'])('keeps the app path %s', (path) => {
    expect(safeRedirectPath(path)).toBe(path)
  })

  it.each([
    'https://evil.example',
    '//evil.example',
    '/\\evil.example',
    '/\t/evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    '/\n/evil.example',
    '',
    undefined,
    42,
  ])('falls back for %j', (target) => {
    expect(safeRedirectPath(target)).toBe('/dashboard')
  })
})

describe('safeRedirectPath against open-redirect tricks', () => {
  const TRICKS = [
    '/..//evil.example/phish',
    '/.//evil.example',
    '/%2e%2e//evil.example',
    '/%2E%2E//evil.example',
    '/a/..//evil.example',
    '/./\\evil.example',
    '/\\/evil.example',
    '/\t/evil.example',
    '/\r\n/evil.example',
    '/%09/evil.example',
    '///evil.example',
    '/\\\\evil.example',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'http:evil.example',
    'https:/evil.example',
    '\u0000//evil.example',
    '/\u0000/evil.example',
    '/%5c%5cevil.example',
  ]

  it.each(TRICKS)('never returns a target that leaves the site for %j', (trick) => {
    const result = safeRedirectPath(trick)
    // Whatever comes back, a browser resolving it against our page must stay on our origin.
    const base = 'https://duopost.example'
    expect(new URL(result, base).origin).toBe(base)
    expect(result.startsWith('/')).toBe(true)
    expect(result.startsWith('//')).toBe(false)
    expect(result).not.toMatch(/^\/\\/)
  })

  it.each(['/..//evil.example/phish', '/.//evil.example', '/%2e%2e//evil.example', '/a/..//evil.example'])(
    'falls back for %j, which resolves to a path starting with "//"',
    (trick) => {
      expect(safeRedirectPath(trick)).toBe('/dashboard')
    },
  )
})
