import { prisma } from '../db.ts'
import { getEnv } from '../env.ts'
import { errorFields, logEvent } from '../log.ts'
import { mailMode } from '../mail/mail-mode.ts'
import { newMessageId, sendEmail } from '../mail/send-email.ts'
import { notificationEmail, type EventToTell } from './notification-email.ts'
import { isChoosableKind } from '#app/shared/notification-kinds.ts'
import { notificationPreferences } from './preferences.ts'

/** A claim older than this belongs to a process that died while sending: another takes it over. */
const CLAIM_TIMEOUT_MS = 10 * 60_000
const BATCH = 200

type Claimed = EventToTell & { id: string; userId: string; emailMessageId: string | null }

/**
 * Claims pending emails: each row is taken by one process only (FOR UPDATE SKIP LOCKED, then the
 * claim time), so two workers never send the same notification.
 */
async function claimPending(now: Date): Promise<Claimed[]> {
  const stale = new Date(now.getTime() - CLAIM_TIMEOUT_MS)
  return prisma.$queryRaw<Claimed[]>`
    UPDATE "NotificationEvent" SET "emailClaimedAt" = ${now}
    WHERE "id" IN (
      SELECT "id" FROM "NotificationEvent"
      WHERE "emailState" = 'pending' AND ("emailClaimedAt" IS NULL OR "emailClaimedAt" < ${stale})
      ORDER BY "createdAt" LIMIT ${BATCH}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING "id", "userId", "kind", "payload", "createdAt", "emailMessageId"`
}

async function settle(ids: string[], state: 'sent' | 'skipped'): Promise<void> {
  if (ids.length === 0) return
  await prisma.notificationEvent.updateMany({
    where: { id: { in: ids } },
    data: { emailState: state, emailSentAt: state === 'sent' ? new Date() : null },
  })
}

/**
 * Gives the events no email carried yet one Message-ID, written before anything is sent: a process
 * that dies after the SMTP server accepted the email, and before the rows say so, leaves the
 * Message-ID behind, and whoever takes the claim over sends those same events under it again, so
 * the copy is recognised as one (docs/decisions/028). Answers the events grouped by Message-ID.
 */
async function emailsOf(events: Claimed[]): Promise<Map<string, Claimed[]>> {
  const fresh = events.filter((event) => event.emailMessageId === null)
  const messageId = newMessageId()
  if (fresh.length > 0) {
    await prisma.notificationEvent.updateMany({
      where: { id: { in: fresh.map((event) => event.id) } },
      data: { emailMessageId: messageId },
    })
  }
  const emails = new Map<string, Claimed[]>()
  for (const event of events) {
    const id = event.emailMessageId ?? messageId
    emails.set(id, [...(emails.get(id) ?? []), event])
  }
  return emails
}

/** Sends one person's claimed events as one email (and any left over from a crash as theirs), or skips those they did not ask for. */
async function tellPerson(userId: string, events: Claimed[]): Promise<'sent' | 'skipped' | 'failed'> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { email: true, emailVerifiedAt: true } })
  const preferences = await notificationPreferences(userId)
  const wanted = events.filter((event) => isChoosableKind(event.kind) && preferences[event.kind] === 'email')
  const unwanted = events.filter((event) => !wanted.includes(event))
  // Unconfirmed addresses get nothing: the address may be someone else's.
  if (!user?.emailVerifiedAt || mailMode() === 'off' || wanted.length === 0) {
    await settle(
      events.map((event) => event.id),
      'skipped',
    )
    return 'skipped'
  }
  await settle(
    unwanted.map((event) => event.id),
    'skipped',
  )
  let outcome: 'sent' | 'failed' = 'sent'
  for (const [messageId, email] of await emailsOf(wanted)) {
    try {
      await sendEmail(user.email, notificationEmail(email, getEnv().APP_URL), { messageId })
    } catch (error) {
      // The claim stays: another pass takes it over once it is stale and tries again.
      logEvent('warn', 'notifications.email_failed', { userId, ...errorFields(error) })
      outcome = 'failed'
      continue
    }
    await settle(
      email.map((event) => event.id),
      'sent',
    )
  }
  return outcome
}

export type EmailReport = { sent: number; skipped: number; failed: number }

/** Emails every pending event, batched per person; safe to run in any number of processes at once. */
export async function sendPendingNotifications(now = new Date()): Promise<EmailReport> {
  const report: EmailReport = { sent: 0, skipped: 0, failed: 0 }
  const claimed = await claimPending(now)
  const byUser = new Map<string, Claimed[]>()
  for (const event of claimed) byUser.set(event.userId, [...(byUser.get(event.userId) ?? []), event])
  for (const [userId, events] of byUser) {
    const outcome = await tellPerson(
      userId,
      events.toSorted((a, b) => a.createdAt.getTime() - b.createdAt.getTime()),
    )
    report[outcome] += 1
  }
  return report
}
