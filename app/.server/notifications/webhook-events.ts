import type { NotificationKind } from '#prisma/generated/client/enums.ts'
import type { PostPayload } from './payloads.ts'

/** The event types an endpoint can subscribe to. */
export const WEBHOOK_EVENT_TYPES = [
  'post.published',
  'post.partial',
  'post.failed',
  'post.unconfirmed',
  'connection.needs_reconnect',
  'connection.expiring',
] as const
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number]

export function isWebhookEventType(value: unknown): value is WebhookEventType {
  return typeof value === 'string' && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value)
}

/** The webhook type of a recorded event. */
export function webhookTypeOf(kind: NotificationKind, payload: unknown): WebhookEventType {
  if (kind === 'connection_needs_reconnect') return 'connection.needs_reconnect'
  if (kind === 'connection_expiring') return 'connection.expiring'
  return `post.${(payload as PostPayload).status}`
}
