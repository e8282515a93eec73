import type { Platform, TargetErrorAction, TargetErrorKind, TargetStatus } from '#prisma/generated/client/enums.ts'
import type { PostStatus } from '../publishing/post-status.ts'

/**
 * What an event says, in the email and in webhooks. Only names, statuses, permalinks and
 * Duopost's own words about a failure: never a token, an error code or Meta's raw message.
 */
export type TargetOutcome = {
  platform: Platform
  accountName: string
  status: TargetStatus
  message: string | null
  action: TargetErrorAction | null
  permalink: string | null
}

export type PostPayload = {
  postId: string
  status: Extract<PostStatus, 'published' | 'partial' | 'failed' | 'unconfirmed'>
  /** The first words of the post, so the person knows which one. */
  excerpt: string
  targets: TargetOutcome[]
}

/** One target's state as a `target.updated` webhook tells it; `changedAt` orders the changes. */
export type TargetPayload = {
  postId: string
  targetId: string
  platform: Platform
  accountName: string
  status: TargetStatus
  permalink: string | null
  error: { kind: TargetErrorKind | null; message: string | null; action: TargetErrorAction | null } | null
  changedAt: string
}

export type ConnectionPayload = {
  accountId: string
  platform: Platform
  name: string
  reason: string | null
  expiresAt?: string
}

/** A Threads profile near its publishing quota: `used` of `total` posts in `windowSeconds`. */
export type QuotaPayload = {
  accountId: string
  name: string
  used: number
  total: number
  windowSeconds: number
}

const EXCERPT_LENGTH = 80

export function excerptOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length <= EXCERPT_LENGTH ? flat : `${flat.slice(0, EXCERPT_LENGTH - 1)}…`
}
