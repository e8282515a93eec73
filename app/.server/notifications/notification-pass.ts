import { recordNewEvents } from './record-events.ts'
import { sendPendingNotifications, type EmailReport } from './send-notifications.ts'

export type NotificationPassReport = EmailReport & { recorded: number }

/** One look for new events and one round of sending: what the worker runs every few seconds. */
export async function runNotificationPass(now = Date.now()): Promise<NotificationPassReport> {
  const recorded = await recordNewEvents(now)
  return { recorded, ...(await sendPendingNotifications(new Date(now))) }
}
