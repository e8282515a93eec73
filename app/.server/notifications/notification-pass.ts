import { recordNewEvents } from './record-events.ts'
import { sendPendingNotifications, type EmailReport } from './send-notifications.ts'
import { queueWebhookDeliveries, sendDueWebhooks, type WebhookReport } from './webhook-deliveries.ts'

export type NotificationPassReport = EmailReport & WebhookReport & { recorded: number; queued: number }

/** One look for new events, one round of emails and one of webhook deliveries: what the worker runs every few seconds. */
export async function runNotificationPass(now = Date.now()): Promise<NotificationPassReport> {
  const recorded = await recordNewEvents(now)
  const emails = await sendPendingNotifications(new Date(now))
  const queued = await queueWebhookDeliveries(new Date(now))
  return { recorded, queued, ...emails, ...(await sendDueWebhooks(new Date(now))) }
}
