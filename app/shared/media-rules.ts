/**
 * What each platform takes as media, in one wording for the server (before any call to Meta) and
 * the composer (as files are picked). The numbers and their sources:
 * - Threads (docs/reference/meta-api.md §1.10, Meta's docs/threads/overview and docs/threads/posts):
 *   images JPEG or PNG up to 8 MB; videos MP4 or MOV up to 1 GB and 300 seconds; a carousel has 2 to
 *   20 items and may mix images and videos; alt text up to 1,000 characters (reference/publishing).
 * - Facebook Pages (§2.9): photos JPEG, PNG, GIF, BMP or TIFF up to 4 MB. Meta's reference marks these
 *   limits UNCONFIRMED (postiz maps Meta's subcode 1366046 to "smaller than 4 MB"), so they are kept
 *   as the safe side. A Page post carries photos or one video, not both: `attached_media` takes the
 *   unpublished photos, and a video is its own post through the Page's videos endpoint. No Meta
 *   figure for Page videos is in the reference; Duopost's own upload cap (1 GB) applies.
 */
export const MAX_MEDIA_ITEMS = 20
export const ALT_TEXT_LIMIT = 1000
const MB = 1024 * 1024
/** The largest file Duopost accepts at all: Threads' video limit, the largest of the limits above. */
export const MAX_UPLOAD_BYTES = 1024 * MB

export type MediaKind = 'image' | 'video'
export type MediaPlatform = 'threads' | 'facebook'

/** Every type Duopost stores: what at least one platform takes. */
export const STORABLE_TYPES: Record<string, MediaKind> = {
  'image/jpeg': 'image',
  'image/png': 'image',
  'image/gif': 'image',
  'image/bmp': 'image',
  'image/tiff': 'image',
  'video/mp4': 'video',
  'video/quicktime': 'video',
}

type KindRule = { types: Record<string, string>; maxBytes: number; maxDurationMs?: number }

export const PLATFORM_MEDIA_RULES: Record<MediaPlatform, Record<MediaKind, KindRule>> = {
  threads: {
    image: { types: { 'image/jpeg': 'JPEG', 'image/png': 'PNG' }, maxBytes: 8 * MB },
    video: { types: { 'video/mp4': 'MP4', 'video/quicktime': 'MOV' }, maxBytes: 1024 * MB, maxDurationMs: 300_000 },
  },
  facebook: {
    image: {
      types: { 'image/jpeg': 'JPEG', 'image/png': 'PNG', 'image/gif': 'GIF', 'image/bmp': 'BMP', 'image/tiff': 'TIFF' },
      maxBytes: 4 * MB,
    },
    video: { types: { 'video/mp4': 'MP4', 'video/quicktime': 'MOV' }, maxBytes: MAX_UPLOAD_BYTES },
  },
}

/** What the rules read of one item; a remote item (an address) has no size or duration known. */
export type MediaFacts = {
  kind: MediaKind
  mimeType: string
  sizeBytes: number | null
  durationMs: number | null
  fileName: string | null
  altText: string | null
}

export type MediaIssue = { index: number | null; message: string }

const PLATFORM_NAME: Record<MediaPlatform, string> = { threads: 'Threads', facebook: 'Facebook' }

export function formatBytes(bytes: number): string {
  if (bytes >= MB) return `${(bytes / MB).toFixed(bytes % MB === 0 ? 0 : 1)} MB`
  return `${Math.ceil(bytes / 1024)} KB`
}

function describe(item: MediaFacts, index: number): string {
  return `Item ${index + 1}${item.fileName ? ` (${item.fileName})` : ''}`
}

function itemIssues(item: MediaFacts, index: number, platform: MediaPlatform): string[] {
  const rule = PLATFORM_MEDIA_RULES[platform][item.kind]
  const name = PLATFORM_NAME[platform]
  const what = item.kind === 'image' ? 'images' : 'videos'
  const problems: string[] = []
  if (!rule.types[item.mimeType]) {
    problems.push(`${name} takes ${what} as ${Object.values(rule.types).join(' or ')}; this one is ${item.mimeType}.`)
  }
  if (item.sizeBytes !== null && item.sizeBytes > rule.maxBytes) {
    problems.push(`${name} takes ${what} up to ${formatBytes(rule.maxBytes)}; this one is ${formatBytes(item.sizeBytes)}.`)
  }
  if (rule.maxDurationMs && item.durationMs !== null && item.durationMs > rule.maxDurationMs) {
    problems.push(
      `${name} takes videos up to ${rule.maxDurationMs / 1000} seconds; this one is ${Math.ceil(item.durationMs / 1000)} seconds.`,
    )
  }
  return problems.map((problem) => `${describe(item, index)}: ${problem}`)
}

/**
 * Every rule the media of a post breaks for the chosen platforms, each naming the item and the
 * rule; an empty list when it may go out.
 */
export function mediaIssues(items: readonly MediaFacts[], platforms: readonly MediaPlatform[]): MediaIssue[] {
  const issues: MediaIssue[] = []
  if (items.length > MAX_MEDIA_ITEMS) {
    issues.push({ index: null, message: `A post can have at most ${MAX_MEDIA_ITEMS} images and videos; this one has ${items.length}.` })
  }
  items.forEach((item, index) => {
    if (item.altText !== null && [...item.altText].length > ALT_TEXT_LIMIT) {
      issues.push({
        index,
        message: `${describe(item, index)}: alt text can have at most ${ALT_TEXT_LIMIT} characters; this one has ${[...item.altText].length}.`,
      })
    }
    for (const platform of platforms) for (const message of itemIssues(item, index, platform)) issues.push({ index, message })
  })
  if (platforms.includes('facebook')) {
    const videos = items.filter((item) => item.kind === 'video').length
    if (videos > 1 || (videos === 1 && items.length > 1)) {
      issues.push({
        index: null,
        message: 'A Facebook Page post carries either photos or one video: remove the other items, or post the video on its own.',
      })
    }
  }
  return issues
}

/** What each platform will receive, in a few words, for the composer's hints. */
export function mediaSummary(items: readonly Pick<MediaFacts, 'kind'>[], platform: MediaPlatform): string {
  if (items.length === 0) return 'Text only'
  if (items.length === 1) return items[0]!.kind === 'video' ? 'One video' : 'One image'
  if (platform === 'threads') return `A carousel of ${items.length}`
  return items.some((item) => item.kind === 'video') ? 'Photos or one video, not both' : `One post with ${items.length} photos`
}
