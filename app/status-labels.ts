import type { ConnectionStatus, PostFieldsFragment, PostStatus, TargetStatus } from '#app/gql/graphql.ts'

/**
 * Every status the dashboard shows, as words, an icon and a tone (the colour), so that colour is
 * never the only signal. `progress` shows a spinner instead of an icon.
 */
export type Tone = 'success' | 'warning' | 'danger' | 'neutral' | 'progress'
export type StatusLabel = { tone: Tone; icon: string; label: string }

const PUBLISHED: StatusLabel = { tone: 'success', icon: '✓', label: 'Published' }
const FAILED: StatusLabel = { tone: 'danger', icon: '✕', label: 'Failed' }

export const TARGET_STATUS: Record<TargetStatus, StatusLabel> = {
  QUEUED: { tone: 'progress', icon: '', label: 'Queued' },
  CREATING: { tone: 'progress', icon: '', label: 'Sending to Meta' },
  WAITING_FOR_MEDIA: { tone: 'progress', icon: '', label: 'Meta is processing the media' },
  PUBLISHING: { tone: 'progress', icon: '', label: 'Publishing' },
  PUBLISHED,
  FAILED,
  UNCONFIRMED: { tone: 'warning', icon: '?', label: 'Not confirmed' },
}

export const POST_STATUS: Record<PostStatus, StatusLabel> = {
  SCHEDULED: { tone: 'neutral', icon: '◷', label: 'Scheduled' },
  CANCELLED: { tone: 'neutral', icon: '–', label: 'Cancelled' },
  PUBLISHING: { tone: 'progress', icon: '', label: 'Publishing' },
  PUBLISHED,
  PARTIAL: { tone: 'warning', icon: '!', label: 'Partly published' },
  FAILED,
  UNCONFIRMED: { tone: 'warning', icon: '?', label: 'Check needed' },
}

export const CONNECTION_STATUS: Record<ConnectionStatus, StatusLabel> = {
  ACTIVE: { tone: 'success', icon: '✓', label: 'Connected' },
  EXPIRING_SOON: { tone: 'warning', icon: '!', label: 'Expires soon' },
  NEEDS_RECONNECT: { tone: 'danger', icon: '!', label: 'Reconnect needed' },
  REVOKED: { tone: 'danger', icon: '✕', label: 'Removed at Meta' },
}

export const NOT_CONNECTED: StatusLabel = { tone: 'neutral', icon: '○', label: 'Not connected' }
export const NOT_SET_UP: StatusLabel = { tone: 'neutral', icon: '○', label: 'Not set up' }

type TargetState = Pick<PostFieldsFragment['targets'][number], 'status' | 'awaitingRetry'>

/** Failed for now and queued again, as the server defines it (PublishTarget.awaitingRetry). */
export function awaitingRetry(target: TargetState): boolean {
  return target.awaitingRetry
}

const AWAITING_RETRY: StatusLabel = { tone: 'warning', icon: '↻', label: 'Will retry' }

export function targetStatus(target: TargetState): StatusLabel {
  return awaitingRetry(target) ? AWAITING_RETRY : TARGET_STATUS[target.status]
}

/** A target still on its way to Meta right now (not one waiting for its next automatic attempt). */
export function targetMoving(target: TargetState): boolean {
  return TARGET_STATUS[target.status].tone === 'progress' && !awaitingRetry(target)
}

/**
 * How often the dashboard reloads while posts are unsettled: quickly while a target is moving,
 * slowly while targets only wait for an automatic retry (minutes away), not at all otherwise.
 */
export function pollInterval(posts: readonly Pick<PostFieldsFragment, 'status' | 'targets'>[]): number | null {
  const unsettled = posts.filter((post) => post.status === 'PUBLISHING')
  if (unsettled.some((post) => post.targets.some(targetMoving))) return 1500
  return unsettled.length > 0 ? 10_000 : null
}
