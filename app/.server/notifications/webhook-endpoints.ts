import { randomUUID } from 'node:crypto'
import { decryptToken, encryptToken } from '../accounts/token-vault.ts'
import { prisma } from '../db.ts'
import { InvalidInputError } from '../errors.ts'
import { endpointUrlProblem } from './webhook-address.ts'
import { isWebhookEventType, type WebhookEventType } from './webhook-events.ts'
import { newWebhookSecret } from './webhook-signing.ts'

const MAX_ENDPOINTS = 10

export class WebhookEndpointNotFoundError extends Error {
  override name = 'WebhookEndpointNotFoundError'
  constructor() {
    super('No webhook endpoint with that id exists on your account.')
  }
}

/** Registers an endpoint and returns it with its signing secret, which is shown this once. */
export async function createWebhookEndpoint(userId: string, input: { url: string; events: readonly string[] }) {
  const issues = []
  const url = input.url.trim()
  const problem = endpointUrlProblem(url)
  if (problem) issues.push({ field: 'url', message: problem })
  const events = [...new Set(input.events)].filter(isWebhookEventType)
  if (events.length === 0) issues.push({ field: 'events', message: 'Choose at least one event to send there.' })
  if ((await prisma.webhookEndpoint.count({ where: { userId } })) >= MAX_ENDPOINTS) {
    issues.push({ field: 'form', message: `You have ${MAX_ENDPOINTS} endpoints already. Delete one you no longer use first.` })
  }
  if (issues.length > 0) throw new InvalidInputError(issues)
  const id = randomUUID()
  const secret = newWebhookSecret()
  const endpoint = await prisma.webhookEndpoint.create({
    data: { id, userId, url, events, secret: encryptToken(secret, { table: 'WebhookEndpoint', column: 'secret', rowId: id }) },
    select: { id: true, url: true, events: true },
  })
  return { ...endpoint, secret }
}

export function endpointSecret(endpoint: { id: string; secret: string }): string {
  return decryptToken(endpoint.secret, { table: 'WebhookEndpoint', column: 'secret', rowId: endpoint.id })
}

/** The person's endpoints with their latest deliveries, newest first. */
export function webhookEndpointsOf(userId: string) {
  return prisma.webhookEndpoint.findMany({
    where: { userId },
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      url: true,
      events: true,
      pausedAt: true,
      createdAt: true,
      deliveries: {
        orderBy: { createdAt: 'desc' },
        take: 10,
        select: {
          id: true,
          eventType: true,
          status: true,
          attempts: true,
          lastStatusCode: true,
          lastDurationMs: true,
          lastError: true,
          createdAt: true,
        },
      },
    },
  })
}

export async function deleteWebhookEndpoint(userId: string, endpointId: string): Promise<void> {
  const { count } = await prisma.webhookEndpoint.deleteMany({ where: { id: endpointId, userId } })
  if (count === 0) throw new WebhookEndpointNotFoundError()
}

/** Sends to a paused endpoint again, from the next event on. */
export async function resumeWebhookEndpoint(userId: string, endpointId: string): Promise<void> {
  const { count } = await prisma.webhookEndpoint.updateMany({ where: { id: endpointId, userId }, data: { pausedAt: null } })
  if (count === 0) throw new WebhookEndpointNotFoundError()
}

/** Sends one recorded delivery again, now, with the same webhook-id (receivers deduplicate on it). */
export async function replayWebhookDelivery(userId: string, deliveryId: string): Promise<void> {
  const { count } = await prisma.webhookDelivery.updateMany({
    where: { id: deliveryId, endpoint: { userId } },
    data: { status: 'pending', nextAttemptAt: new Date(), claimedAt: null },
  })
  if (count === 0) throw new WebhookEndpointNotFoundError()
}

export type { WebhookEventType }
