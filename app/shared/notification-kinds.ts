import type { NotificationKind } from '#prisma/generated/client/enums.ts'

/** The kinds a person chooses about, in the order settings shows them. */
export const CHOOSABLE_KINDS = [
  'post_failed',
  'connection_needs_reconnect',
  'connection_expiring',
  'threads_quota_nearly_used',
] as const satisfies readonly NotificationKind[]
export type ChoosableKind = (typeof CHOOSABLE_KINDS)[number]

export function isChoosableKind(value: unknown): value is ChoosableKind {
  return typeof value === 'string' && (CHOOSABLE_KINDS as readonly string[]).includes(value)
}
