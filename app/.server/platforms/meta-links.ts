import { sandboxUrl } from '../env.ts'

// Where Meta's permalinks point: Threads posts and Facebook posts, on these domains or below them.
const META_LINK_DOMAINS = ['threads.net', 'threads.com', 'facebook.com']

/**
 * The permalink Meta gave, if it is an https address on one of Meta's hosts (or, in sandbox mode,
 * on the sandbox); otherwise undefined, as if Meta had given none. It is stored and shown as a
 * link, so a `javascript:` URL or another site must never get through.
 */
export function metaPermalink(raw: string | undefined): string | undefined {
  if (!raw) return undefined
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return undefined
  }
  const sandbox = sandboxUrl()
  if (sandbox && url.origin === new URL(sandbox).origin) return url.href
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return undefined
  const host = url.hostname.toLowerCase()
  return META_LINK_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`)) ? url.href : undefined
}
