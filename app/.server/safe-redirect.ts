/**
 * Returns `target` when it is a path on this app, else `fallback`. Browsers strip tabs and
 * newlines and treat "\" like "/", so "/\t/evil.example" or "/\evil.example" would leave the site
 * even though they start with a single slash; those are refused along with any scheme or "//".
 */
export function safeRedirectPath(target: unknown, fallback = '/dashboard'): string {
  if (typeof target !== 'string' || target.length === 0 || target.length > 2048) return fallback
  if (!target.startsWith('/') || target.startsWith('//')) return fallback
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(target)) return fallback
  const base = 'http://duopost.invalid'
  const resolved = new URL(target, base)
  if (resolved.origin !== base) return fallback
  return `${resolved.pathname}${resolved.search}${resolved.hash}`
}
