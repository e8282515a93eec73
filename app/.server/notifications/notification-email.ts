import type { NotificationKind, Platform, TargetErrorAction } from '#prisma/generated/client/enums.ts'
import type { EmailContent } from '../mail/compose.ts'
import { duration } from '../publishing/publish-threads.ts'
import type { ConnectionPayload, PostPayload, QuotaPayload, TargetOutcome } from './payloads.ts'

export type EventToTell = { kind: NotificationKind; payload: unknown; createdAt: Date }

const PLATFORM: Record<Platform, string> = { threads: 'Threads', facebook: 'Facebook' }

const WHAT_TO_DO: Record<TargetErrorAction, string> = {
  retry: 'Retry it from the dashboard.',
  wait: 'Duopost retries by itself once Meta allows it.',
  reconnect: 'Reconnect the account, then retry.',
  fix_account: 'Fix the account at Meta (see the message), then retry.',
  edit: 'Change the post, then publish it again.',
  contact_support: 'If it keeps happening, contact support.',
}

const POST_HEADLINE: Record<PostPayload['status'], string> = {
  failed: 'did not publish',
  partial: 'published only in part',
  unconfirmed: 'may not have been published',
  published: 'was published',
}

function targetLine(target: TargetOutcome): string {
  const where = `${PLATFORM[target.platform]} ${target.accountName}`
  if (target.status === 'published') return `${where}: published${target.permalink ? ` (${target.permalink})` : ''}.`
  const todo = target.action ? ` ${WHAT_TO_DO[target.action]}` : ''
  return `${where}: ${target.status}. ${target.message ?? ''}${todo}`.replace(/\s+/g, ' ').trim()
}

function postParagraphs(post: PostPayload): string[] {
  return [`Your post “${post.excerpt}” ${POST_HEADLINE[post.status]}:`, ...post.targets.map(targetLine)]
}

function connectionParagraphs(kind: NotificationKind, connection: ConnectionPayload): string[] {
  const where = `${PLATFORM[connection.platform]} ${connection.name}`
  if (kind === 'connection_expiring') {
    const day = connection.expiresAt ? new Date(connection.expiresAt).toUTCString().slice(0, 16) : 'soon'
    return [`Duopost's access to ${where} ends on ${day} and cannot be renewed without you. Reconnect it before then to keep publishing.`]
  }
  return [
    `${where} needs reconnecting: ${connection.reason ?? 'Meta no longer accepts Duopost’s access.'} Posts to it fail until you reconnect.`,
  ]
}

function quotaSubject(quota: QuotaPayload): string {
  return `Threads ${quota.name} has nearly used up its publishing quota`
}

function quotaParagraphs(quota: QuotaPayload): string[] {
  const left = Math.max(quota.total - quota.used, 0)
  return [
    `Threads reports that ${quota.name} published ${quota.used} of the ${quota.total} posts it allows in ${duration(quota.windowSeconds)}, so ${left} more can go out until earlier posts leave that window.`,
    'Posts over the quota are not published: Duopost waits and tries them again later. Spread out what you schedule to avoid that.',
  ]
}

function paragraphsOf(event: EventToTell): string[] {
  if (event.kind === 'post_failed' || event.kind === 'post_published') return postParagraphs(event.payload as PostPayload)
  if (event.kind === 'threads_quota_nearly_used') return quotaParagraphs(event.payload as QuotaPayload)
  return connectionParagraphs(event.kind, event.payload as ConnectionPayload)
}

function needsReconnect(event: EventToTell): boolean {
  if (event.kind === 'post_failed') return (event.payload as PostPayload).targets.some((target) => target.action === 'reconnect')
  return event.kind === 'connection_needs_reconnect' || event.kind === 'connection_expiring'
}

function subjectOf(events: readonly EventToTell[]): string {
  if (events.length > 1) return `${events.length} things need your attention`
  const [event] = events
  if (event!.kind === 'post_failed') return `A post ${POST_HEADLINE[(event!.payload as PostPayload).status]}`
  if (event!.kind === 'threads_quota_nearly_used') return quotaSubject(event!.payload as QuotaPayload)
  const connection = event!.payload as ConnectionPayload
  const where = `${PLATFORM[connection.platform]} ${connection.name}`
  return event!.kind === 'connection_expiring' ? `${where} will disconnect soon` : `Reconnect ${where}`
}

/**
 * One email for everything that happened to a person since the last pass: a failure storm is one
 * message, not fifty. A Reconnect link leads to the dashboard's connection cards.
 */
export function notificationEmail(events: readonly EventToTell[], appUrl: string): EmailContent {
  const reconnect = events.some(needsReconnect)
  const paragraphs =
    events.length === 1 ? paragraphsOf(events[0]!) : events.flatMap((event, index) => [`${index + 1}.`, ...paragraphsOf(event)])
  return {
    subject: subjectOf(events),
    heading: events.length === 1 ? subjectOf(events) : `${events.length} things happened that need your attention`,
    paragraphs: [...paragraphs, `Choose which emails you get: ${appUrl}/settings/notifications`],
    action: reconnect
      ? { label: 'Reconnect', url: `${appUrl}/dashboard#connections-heading` }
      : { label: 'Open Duopost', url: `${appUrl}/dashboard` },
    reason: 'You got this email because you asked Duopost to tell you when a post fails, a connection needs you or a quota runs low.',
  }
}
