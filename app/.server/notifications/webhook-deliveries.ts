import { randomUUID } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import { prisma } from '../db.ts'
import { getEnv } from '../env.ts'
import { errorFields, logEvent } from '../log.ts'
import { sendEmail, sendInBackground } from '../mail/send-email.ts'
import { guardedLookup } from './webhook-address.ts'
import { webhookTypeOf } from './webhook-events.ts'
import { endpointSecret } from './webhook-endpoints.ts'
import { signWebhook } from './webhook-signing.ts'

const DAY_MS = 24 * 60 * 60_000
/** Waits before attempts 2, 3, ...: about the Standard Webhooks schedule, ending a day after the event. */
const BACKOFF_MS = [5_000, 5 * 60_000, 30 * 60_000, 2 * 60 * 60_000, 5 * 60 * 60_000, 8 * 60 * 60_000, 8 * 60 * 60_000]
const TIMEOUT_MS = 10_000
const CLAIM_TIMEOUT_MS = 2 * 60_000
const BATCH = 50

/** Creates one delivery per new event and subscribed, unpaused endpoint; duplicates (another process was first) are skipped. */
export async function queueWebhookDeliveries(now = new Date()): Promise<number> {
  const events = await prisma.notificationEvent.findMany({
    where: { webhooksQueuedAt: null },
    orderBy: { createdAt: 'asc' },
    take: 500,
    select: { id: true, userId: true, kind: true, payload: true },
  })
  if (events.length === 0) return 0
  const endpoints = await prisma.webhookEndpoint.findMany({
    where: { userId: { in: [...new Set(events.map((event) => event.userId))] }, pausedAt: null },
    select: { id: true, userId: true, events: true },
  })
  const deliveries = events.flatMap((event) => {
    const type = webhookTypeOf(event.kind, event.payload)
    if (type === null) return []
    return endpoints
      .filter((endpoint) => endpoint.userId === event.userId && endpoint.events.includes(type))
      .map((endpoint) => ({
        id: `msg_${randomUUID().replaceAll('-', '')}`,
        endpointId: endpoint.id,
        eventId: event.id,
        eventType: type,
        nextAttemptAt: now,
      }))
  })
  const { count } = await prisma.webhookDelivery.createMany({ data: deliveries, skipDuplicates: true })
  await prisma.notificationEvent.updateMany({ where: { id: { in: events.map((event) => event.id) } }, data: { webhooksQueuedAt: now } })
  return count
}

type Claimed = { id: string; endpointId: string; eventId: string; eventType: string; attempts: number; createdAt: Date }

async function claimDue(now: Date): Promise<Claimed[]> {
  const stale = new Date(now.getTime() - CLAIM_TIMEOUT_MS)
  return prisma.$queryRaw<Claimed[]>`
    UPDATE "WebhookDelivery" SET "claimedAt" = ${now}
    WHERE "id" IN (
      SELECT "id" FROM "WebhookDelivery"
      WHERE "status" = 'pending' AND "nextAttemptAt" <= ${now} AND ("claimedAt" IS NULL OR "claimedAt" < ${stale})
      ORDER BY "nextAttemptAt" LIMIT ${BATCH}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING "id", "endpointId", "eventId", "eventType", "attempts", "createdAt"`
}

/** POSTs without following redirects, through the guarded lookup; resolves with the status code. */
function post(url: string, headers: Record<string, string>, body: string): Promise<number> {
  const target = new URL(url)
  const client = target.protocol === 'https:' ? https : http
  return new Promise((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup,
        timeout: TIMEOUT_MS,
      },
      (response) => {
        response.resume()
        response.on('end', () => resolve(response.statusCode ?? 0))
        response.on('error', reject)
      },
    )
    request.on('timeout', () => request.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)))
    request.on('error', reject)
    request.end(body)
  })
}

async function pauseEndpoint(endpointId: string): Promise<void> {
  const { count } = await prisma.webhookEndpoint.updateMany({ where: { id: endpointId, pausedAt: null }, data: { pausedAt: new Date() } })
  if (count === 0) return
  const endpoint = await prisma.webhookEndpoint.findUnique({
    where: { id: endpointId },
    select: { url: true, user: { select: { email: true } } },
  })
  if (!endpoint) return
  const settings = `${getEnv().APP_URL}/settings/webhooks`
  sendInBackground('webhook_paused', () =>
    sendEmail(endpoint.user.email, {
      subject: 'A webhook endpoint was paused',
      heading: 'Duopost stopped sending events to one of your webhook endpoints',
      paragraphs: [
        `Deliveries to ${endpoint.url} failed for a day, so the endpoint is paused. Fix the receiver, then resume it in Settings; you can replay the failed deliveries there.`,
      ],
      action: { label: 'Open webhook settings', url: settings },
      reason: 'You got this email because you registered this webhook endpoint in Duopost.',
    }),
  )
}

async function deliver(delivery: Claimed, now: Date): Promise<boolean> {
  const [endpoint, event] = await Promise.all([
    prisma.webhookEndpoint.findUnique({ where: { id: delivery.endpointId }, select: { id: true, url: true, secret: true } }),
    prisma.notificationEvent.findUnique({ where: { id: delivery.eventId }, select: { payload: true, createdAt: true } }),
  ])
  if (!endpoint || !event) return false
  const timestamp = Math.floor(now.getTime() / 1000)
  const body = JSON.stringify({ type: delivery.eventType, timestamp: event.createdAt.toISOString(), data: event.payload })
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Duopost-Webhooks/1',
    'webhook-id': delivery.id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(endpointSecret(endpoint), delivery.id, timestamp, body),
  }
  const started = performance.now()
  let statusCode: number | null = null
  let problem: string | null = null
  try {
    statusCode = await post(endpoint.url, headers, body)
    if (statusCode < 200 || statusCode >= 300) problem = `The endpoint answered HTTP ${statusCode}.`
  } catch (error) {
    problem = `Could not deliver: ${error instanceof Error ? error.message : String(error)}.`
  }
  const attempts = delivery.attempts + 1
  const durationMs = Math.round(performance.now() - started)
  const common = { attempts, claimedAt: null, lastStatusCode: statusCode, lastDurationMs: durationMs, lastError: problem }
  if (!problem) {
    await prisma.webhookDelivery.update({ where: { id: delivery.id }, data: { ...common, status: 'succeeded', deliveredAt: new Date() } })
    return true
  }
  const wait = BACKOFF_MS[Math.min(attempts - 1, BACKOFF_MS.length - 1)]!
  const giveUp = now.getTime() + wait > delivery.createdAt.getTime() + DAY_MS
  await prisma.webhookDelivery.update({
    where: { id: delivery.id },
    data: { ...common, status: giveUp ? 'failed' : 'pending', nextAttemptAt: new Date(now.getTime() + wait) },
  })
  if (giveUp) await pauseEndpoint(delivery.endpointId)
  return false
}

export type WebhookReport = { delivered: number; failedAttempts: number }

/** Sends every due delivery once; any number of processes may run it at once. */
export async function sendDueWebhooks(now = new Date()): Promise<WebhookReport> {
  const report: WebhookReport = { delivered: 0, failedAttempts: 0 }
  for (const delivery of await claimDue(now)) {
    try {
      if (await deliver(delivery, now)) report.delivered += 1
      else report.failedAttempts += 1
    } catch (error) {
      report.failedAttempts += 1
      logEvent('warn', 'webhooks.delivery_failed', { deliveryId: delivery.id, ...errorFields(error) })
    }
  }
  return report
}
