import type { SandboxContext } from './context.ts'
import type { MediaRule } from './control-types.ts'

export type MediaFetch =
  { ok: true; contentType: string; size: number; rule: MediaRule | null } | { ok: false; reason: string; rule: MediaRule | null }

const FETCH_TIMEOUT_MS = 10_000

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

function guessContentType(url: string): string {
  const extension = new URL(url).pathname.split('.').pop()?.toLowerCase() ?? ''
  const known: Record<string, string> = {
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    png: 'image/png',
    gif: 'image/gif',
    webp: 'image/webp',
    mp4: 'video/mp4',
    mov: 'video/quicktime',
  }
  return known[extension] ?? 'application/octet-stream'
}

/**
 * Downloads media the way Meta "cURLs" it at creation time. A media rule registered through the
 * control API can stand in for the download, so tests never depend on the network.
 */
export async function fetchMedia(ctx: SandboxContext, url: string): Promise<MediaFetch> {
  const rule = ctx.store.mediaRules.find((candidate) => url.includes(candidate.match)) ?? null
  if (rule?.fetch === 'fail') return { ok: false, reason: 'unreachable (media rule)', rule }
  if (rule?.fetch === 'ok') return { ok: true, contentType: rule.contentType ?? guessContentType(url), size: 0, rule }
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' })
    if (!response.ok) return { ok: false, reason: `HTTP ${response.status}`, rule }
    const body = Buffer.from(await response.arrayBuffer())
    const contentType = rule?.contentType ?? response.headers.get('content-type')?.split(';')[0]?.trim() ?? guessContentType(url)
    return { ok: true, contentType, size: body.length, rule }
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error), rule }
  }
}
