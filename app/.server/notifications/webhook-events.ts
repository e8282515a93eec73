import type { NotificationKind } from '#prisma/generated/client/enums.ts'
import type { PostPayload } from './payloads.ts'

/** The event types an endpoint can subscribe to. */
export const WEBHOOK_EVENT_TYPES = [
  'post.published',
  'post.partial',
  'post.failed',
  'post.unconfirmed',
  'target.updated',
  'connection.needs_reconnect',
  'connection.expiring',
] as const
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number]

export function isWebhookEventType(value: unknown): value is WebhookEventType {
  return typeof value === 'string' && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value)
}

/** The webhook type of a recorded event, or null for kinds that are only emailed. */
export function webhookTypeOf(kind: NotificationKind, payload: unknown): WebhookEventType | null {
  switch (kind) {
    case 'connection_needs_reconnect':
      return 'connection.needs_reconnect'
    case 'connection_expiring':
      return 'connection.expiring'
    case 'target_updated':
      return 'target.updated'
    case 'threads_quota_nearly_used':
      return null
    case 'post_failed':
    case 'post_published':
      return `post.${(payload as PostPayload).status}`
  }
}
