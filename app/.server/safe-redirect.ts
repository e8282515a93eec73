/**
 * Returns `target` when it is a path on this app, else `fallback`. Browsers strip tabs and
 * newlines and treat "\" like "/", so "/\t/evil.example" or "/\evil.example" would leave the site
 * even though they start with a single slash; those are refused along with any scheme or "//".
 * What is returned is checked too, not only what came in: resolving "/..//evil.example" gives
 * "//evil.example", which a browser reads as another host.
 */
export function safeRedirectPath(target: unknown, fallback = '/dashboard'): string {
  if (!isLocalPath(target)) return fallback
  const base = 'http://duopost.invalid'
  const resolved = new URL(target, base)
  if (resolved.origin !== base) return fallback
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`
  return isLocalPath(path) ? path : fallback
}

function isLocalPath(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return false
  if (!value.startsWith('/') || value.startsWith('//')) return false
  // eslint-disable-next-line no-control-regex
  return !/[\\\u0000-\u001f\u007f]/.test(value)
}
