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
