import type { Media } from '#prisma/generated/client/client.ts'
import { getEnv } from '../env.ts'

/** The public address of a stored item: what Threads fetches, and what the composer shows. */
export function mediaUrl(mediaId: string): string {
  return `${getEnv().APP_URL}/media/${mediaId}`
}

/** One item as the composer's upload endpoint answers it (JSON: sizes as numbers). */
export function mediaView(media: Media) {
  return {
    id: media.id,
    kind: media.kind,
    mimeType: media.mimeType,
    sizeBytes: Number(media.sizeBytes),
    width: media.width,
    height: media.height,
    durationMs: media.durationMs,
    fileName: media.fileName,
    url: mediaUrl(media.id),
  }
}

export type MediaView = ReturnType<typeof mediaView>

const LOCAL_HOSTS =
  /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|.+\.local)$/

/**
 * Why Threads cannot fetch media from this server, or null: Threads takes media only by address,
 * and an APP_URL on this computer or a home network is out of Meta's reach. In sandbox mode the
 * sandbox runs here too, so it can.
 */
export function mediaReachabilityWarning(): string | null {
  const env = getEnv()
  if (env.META_SANDBOX_URL) return null
  const host = new URL(env.APP_URL).hostname
  if (!LOCAL_HOSTS.test(host)) return null
  return `Threads downloads photos and videos from ${env.APP_URL}, which Meta cannot reach from the internet. Set APP_URL to a public https address (a tunnel works) before posting media to Threads; Facebook Pages receive the files directly and work from here.`
}
