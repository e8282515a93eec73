import { randomUUID } from 'node:crypto'
import type { Prisma } from '#prisma/generated/client/client.ts'
import { decryptToken, encryptToken } from '../accounts/token-vault.ts'
import { prisma } from '../db.ts'
import { InvalidInputError, type InputIssue } from '../errors.ts'
import { endpointUrlProblem } from './webhook-address.ts'
import { isWebhookEventType, type WebhookEventType } from './webhook-events.ts'
import { newWebhookSecret } from './webhook-signing.ts'

const MAX_ENDPOINTS = 10
const MAX_DELIVERIES = 100

export class WebhookEndpointNotFoundError extends Error {
  override name = 'WebhookEndpointNotFoundError'
  constructor() {
    super('No webhook endpoint with that id exists on your account.')
  }
}

export class WebhookDeliveryNotFoundError extends Error {
  override name = 'WebhookDeliveryNotFoundError'
  constructor() {
    super('No delivery with that id went to one of your webhook endpoints.')
  }
}

// Everything but the secret, which leaves this module only once, when it is created.
const ENDPOINT = { id: true, url: true, events: true, pausedAt: true, createdAt: true } satisfies Prisma.WebhookEndpointSelect
export type WebhookEndpointInfo = Prisma.WebhookEndpointGetPayload<{ select: typeof ENDPOINT }>

const DELIVERY = {
  id: true,
  endpointId: true,
  eventType: true,
  status: true,
  attempts: true,
  nextAttemptAt: true,
  lastStatusCode: true,
  lastDurationMs: true,
  lastError: true,
  deliveredAt: true,
  createdAt: true,
} satisfies Prisma.WebhookDeliverySelect
export type WebhookDeliveryInfo = Prisma.WebhookDeliveryGetPayload<{ select: typeof DELIVERY }>

function urlIssues(value: string): InputIssue[] {
  const problem = endpointUrlProblem(value)
  return problem ? [{ field: 'url', message: problem }] : []
}

function eventsOf(values: readonly string[]): { events: WebhookEventType[]; issues: InputIssue[] } {
  const events = [...new Set(values)].filter(isWebhookEventType)
  return { events, issues: events.length === 0 ? [{ field: 'events', message: 'Choose at least one event to send there.' }] : [] }
}

/** Registers an endpoint and returns it with its signing secret, which is shown this once. */
export async function createWebhookEndpoint(
  userId: string,
  input: { url: string; events: readonly string[] },
): Promise<WebhookEndpointInfo & { secret: string }> {
  const url = input.url.trim()
  const { events, issues } = eventsOf(input.events)
  issues.unshift(...urlIssues(url))
  if ((await prisma.webhookEndpoint.count({ where: { userId } })) >= MAX_ENDPOINTS) {
    issues.push({ field: 'form', message: `You have ${MAX_ENDPOINTS} endpoints already. Delete one you no longer use first.` })
  }
  if (issues.length > 0) throw new InvalidInputError(issues)
  const id = randomUUID()
  const secret = newWebhookSecret()
  const endpoint = await prisma.webhookEndpoint.create({
    data: { id, userId, url, events, secret: encryptToken(secret, { table: 'WebhookEndpoint', column: 'secret', rowId: id }) },
    select: ENDPOINT,
  })
  return { ...endpoint, secret }
}

export function endpointSecret(endpoint: { id: string; secret: string }): string {
  return decryptToken(endpoint.secret, { table: 'WebhookEndpoint', column: 'secret', rowId: endpoint.id })
}

/** The person's endpoints, newest first. */
export function webhookEndpointsOf(userId: string): Promise<WebhookEndpointInfo[]> {
  return prisma.webhookEndpoint.findMany({ where: { userId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: ENDPOINT })
}

/** An endpoint's latest deliveries, newest first (at most 100). */
export function webhookDeliveriesOf(userId: string, endpointId: string, first: number): Promise<WebhookDeliveryInfo[]> {
  return prisma.webhookDelivery.findMany({
    where: { endpointId, endpoint: { userId } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: Math.min(Math.max(first, 0), MAX_DELIVERIES),
    select: DELIVERY,
  })
}

export type WebhookEndpointChanges = { url?: string | null; events?: readonly string[] | null; paused?: boolean | null }

/**
 * Changes an endpoint's address, events or pause; what is left out stays as it is. Resuming sends
 * from the next event on: what happened while it was paused is not queued for it.
 */
export async function updateWebhookEndpoint(
  userId: string,
  endpointId: string,
  changes: WebhookEndpointChanges,
): Promise<WebhookEndpointInfo> {
  const url = changes.url?.trim()
  const chosen = changes.events ? eventsOf(changes.events) : null
  const issues = [...(url === undefined ? [] : urlIssues(url)), ...(chosen?.issues ?? [])]
  if (issues.length > 0) throw new InvalidInputError(issues)
  const current = await prisma.webhookEndpoint.findFirst({ where: { id: endpointId, userId }, select: { pausedAt: true } })
  if (!current) throw new WebhookEndpointNotFoundError()
  const pausedAt = changes.paused == null ? undefined : changes.paused ? (current.pausedAt ?? new Date()) : null
  const { count } = await prisma.webhookEndpoint.updateMany({
    where: { id: endpointId, userId },
    data: { ...(url === undefined ? {} : { url }), ...(chosen ? { events: chosen.events } : {}), pausedAt },
  })
  if (count === 0) throw new WebhookEndpointNotFoundError()
  return prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId }, select: ENDPOINT })
}

/** Deletes an endpoint with its deliveries; answers what it was. */
export async function deleteWebhookEndpoint(userId: string, endpointId: string): Promise<WebhookEndpointInfo> {
  const endpoint = await prisma.webhookEndpoint.findFirst({ where: { id: endpointId, userId }, select: ENDPOINT })
  const { count } = await prisma.webhookEndpoint.deleteMany({ where: { id: endpointId, userId } })
  if (!endpoint || count === 0) throw new WebhookEndpointNotFoundError()
  return endpoint
}

/** Sends one recorded delivery again, now, with the same webhook-id (receivers deduplicate on it). */
export async function replayWebhookDelivery(userId: string, deliveryId: string): Promise<WebhookDeliveryInfo> {
  const { count } = await prisma.webhookDelivery.updateMany({
    where: { id: deliveryId, endpoint: { userId } },
    data: { status: 'pending', nextAttemptAt: new Date(), claimedAt: null },
  })
  if (count === 0) throw new WebhookDeliveryNotFoundError()
  return prisma.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId }, select: DELIVERY })
}

export type { WebhookEventType }
