import { InvalidInputError } from '#app/.server/errors.ts'
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  replayWebhookDelivery,
  updateWebhookEndpoint,
  webhookDeliveriesOf,
  webhookEndpointsOf,
  WebhookDeliveryNotFoundError,
  WebhookEndpointNotFoundError,
  type WebhookDeliveryInfo,
  type WebhookEndpointInfo,
} from '#app/.server/notifications/webhook-endpoints.ts'
import type { WebhookEventType as EventTypeName } from '#app/.server/notifications/webhook-events.ts'
import { builder } from '../builder.ts'
import { ErrorInterface } from '../errors.ts'

// GraphQL enum values cannot hold dots, so each wire name (post.failed) gets an enum name (POST_FAILED).
const WebhookEventType = builder.enumType('WebhookEventType', {
  description: 'What an endpoint is sent. The delivered body names the type as written in each value’s description.',
  values: {
    POST_PUBLISHED: { value: 'post.published', description: '`post.published`: a post was published on every target.' },
    POST_PARTIAL: { value: 'post.partial', description: '`post.partial`: a post was published on some targets and failed on others.' },
    POST_FAILED: { value: 'post.failed', description: '`post.failed`: a post failed on every target.' },
    POST_UNCONFIRMED: {
      value: 'post.unconfirmed',
      description: '`post.unconfirmed`: Meta did not say whether a post went out, and Duopost could not find it.',
    },
    TARGET_UPDATED: {
      value: 'target.updated',
      description: '`target.updated`: one target changed state (status, error or permalink); one event per change.',
    },
    CONNECTION_NEEDS_RECONNECT: {
      value: 'connection.needs_reconnect',
      description: '`connection.needs_reconnect`: a connection stopped working; once per incident.',
    },
    CONNECTION_EXPIRING: {
      value: 'connection.expiring',
      description: '`connection.expiring`: a token Duopost cannot renew expires within days.',
    },
  } satisfies Record<string, { value: EventTypeName; description: string }>,
})

const WebhookDeliveryStatus = builder.enumType('WebhookDeliveryStatus', {
  description: 'Where a delivery is.',
  values: {
    PENDING: { value: 'pending', description: 'Not delivered yet: waiting for its first attempt or its next retry.' },
    SUCCEEDED: { value: 'succeeded', description: 'The endpoint answered 2xx.' },
    FAILED: { value: 'failed', description: 'Every attempt for a day failed; the endpoint was paused. Replay it once fixed.' },
  } as const,
})

const WebhookDeliveryRef = builder.objectRef<WebhookDeliveryInfo>('WebhookDelivery').implement({
  description: 'One event sent, or to be sent, to one endpoint.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The `webhook-id` header: the same on every retry and replay.' }),
    eventType: t.field({
      type: WebhookEventType,
      description: 'The type of the event delivered.',
      resolve: (delivery) => delivery.eventType as EventTypeName,
    }),
    status: t.field({ type: WebhookDeliveryStatus, description: 'Where the delivery is.', resolve: (delivery) => delivery.status }),
    attempts: t.exposeInt('attempts', { description: 'How many times it was sent.' }),
    responseStatusCode: t.int({
      nullable: true,
      description: 'The HTTP status of the last attempt; null before the first or when no answer came.',
      resolve: (delivery) => delivery.lastStatusCode,
    }),
    durationMs: t.int({
      nullable: true,
      description: 'How long the last attempt took, in milliseconds.',
      resolve: (delivery) => delivery.lastDurationMs,
    }),
    error: t.string({
      nullable: true,
      description: 'Why the last attempt failed (a non-2xx answer, a timeout, a refused connection); null when it succeeded.',
      resolve: (delivery) => delivery.lastError,
    }),
    nextAttemptAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When a pending delivery is tried next; null once it succeeded or failed.',
      resolve: (delivery) => (delivery.status === 'pending' ? delivery.nextAttemptAt : null),
    }),
    deliveredAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the endpoint last answered 2xx.',
      resolve: (delivery) => delivery.deliveredAt,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the event was queued for this endpoint.' }),
  }),
})

const WebhookEndpointRef = builder.objectRef<WebhookEndpointInfo>('WebhookEndpoint').implement({
  description: 'An address Duopost sends signed events to. Its signing secret is shown once, by createWebhookEndpoint.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Duopost id of the endpoint.' }),
    url: t.exposeString('url', { description: 'Where events are POSTed.' }),
    events: t.field({
      type: [WebhookEventType],
      description: 'The event types it receives.',
      resolve: (endpoint) => endpoint.events as EventTypeName[],
    }),
    paused: t.boolean({
      description: 'Whether sending is paused (by you, or after deliveries failed for a day).',
      resolve: (e) => e.pausedAt !== null,
    }),
    pausedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was paused.', resolve: (endpoint) => endpoint.pausedAt }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was registered.' }),
    deliveries: t.field({
      type: [WebhookDeliveryRef],
      description: 'Its latest deliveries, newest first.',
      args: { first: t.arg.int({ required: false, defaultValue: 20, description: 'How many (at most 100).' }) },
      resolve: (endpoint, { first }, context) => webhookDeliveriesOf(context.viewer!.id, endpoint.id, first ?? 20),
    }),
  }),
})

builder.objectType(WebhookEndpointNotFoundError, {
  name: 'WebhookEndpointNotFoundError',
  description: 'No webhook endpoint of yours has that id.',
  interfaces: [ErrorInterface],
})

builder.objectType(WebhookDeliveryNotFoundError, {
  name: 'WebhookDeliveryNotFoundError',
  description: 'No delivery to your endpoints has that id.',
  interfaces: [ErrorInterface],
})

const WEBHOOKS = { $all: { signedIn: true, scope: 'webhooks' } } as const

builder.queryField('webhookEndpoints', (t) =>
  t.withAuth(WEBHOOKS).field({
    type: [WebhookEndpointRef],
    description: 'Your webhook endpoints, newest first.',
    resolve: (_root, _args, context) => webhookEndpointsOf(context.viewer.id),
  }),
)

const CreateWebhookEndpointInput = builder.inputType('CreateWebhookEndpointInput', {
  description: 'Input of createWebhookEndpoint.',
  fields: (t) => ({
    url: t.string({ required: true, description: 'Where to POST events: https:// on a public address in production.' }),
    events: t.field({ type: [WebhookEventType], required: true, description: 'At least one event type.' }),
  }),
})

const CreatedWebhookEndpoint = builder.objectRef<WebhookEndpointInfo & { secret: string }>('CreatedWebhookEndpoint').implement({
  description: 'The new endpoint, and its signing secret this once.',
  fields: (t) => ({
    webhookEndpoint: t.field({
      type: WebhookEndpointRef,
      description: 'The endpoint as the list shows it.',
      resolve: (created) => created,
    }),
    secret: t.exposeString('secret', {
      description: 'The signing secret (`whsec_…`) to verify deliveries with (docs/api.md). Shown this once: store it now.',
    }),
  }),
})

builder.mutationField('createWebhookEndpoint', (t) =>
  t.withAuth(WEBHOOKS).field({
    type: CreatedWebhookEndpoint,
    description: 'Registers an endpoint (at most 10 per person) and answers its signing secret, this once.',
    errors: { types: [InvalidInputError] },
    args: { input: t.arg({ type: CreateWebhookEndpointInput, required: true, description: 'The new endpoint.' }) },
    resolve: (_root, { input }, context) => createWebhookEndpoint(context.viewer.id, input),
  }),
)

const UpdateWebhookEndpointInput = builder.inputType('UpdateWebhookEndpointInput', {
  description: 'Input of updateWebhookEndpoint: what is left out stays as it is.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'WebhookEndpoint.id' }),
    url: t.string({ required: false, description: 'A new address.' }),
    events: t.field({ type: [WebhookEventType], required: false, description: 'The event types it receives from now on (at least one).' }),
    paused: t.boolean({
      required: false,
      description: 'True stops sending to it; false resumes from the next event (what happened while paused is not sent).',
    }),
  }),
})

builder.mutationField('updateWebhookEndpoint', (t) =>
  t.withAuth(WEBHOOKS).field({
    type: WebhookEndpointRef,
    description: 'Changes an endpoint’s address or events, or pauses or resumes it. The signing secret stays.',
    errors: { types: [WebhookEndpointNotFoundError, InvalidInputError] },
    args: { input: t.arg({ type: UpdateWebhookEndpointInput, required: true, description: 'The endpoint and its changes.' }) },
    resolve: (_root, { input: { id, ...changes } }, context) => updateWebhookEndpoint(context.viewer.id, String(id), changes),
  }),
)

const WebhookEndpointIdInput = builder.inputType('DeleteWebhookEndpointInput', {
  description: 'Input of deleteWebhookEndpoint.',
  fields: (t) => ({ id: t.id({ required: true, description: 'WebhookEndpoint.id' }) }),
})

builder.mutationField('deleteWebhookEndpoint', (t) =>
  t.withAuth(WEBHOOKS).field({
    type: WebhookEndpointRef,
    description: 'Deletes an endpoint and its deliveries; nothing more is sent to it. Answers the endpoint as it was.',
    errors: { types: [WebhookEndpointNotFoundError] },
    args: { input: t.arg({ type: WebhookEndpointIdInput, required: true, description: 'Which endpoint.' }) },
    resolve: (_root, { input }, context) => deleteWebhookEndpoint(context.viewer.id, String(input.id)),
  }),
)

const ReplayWebhookDeliveryInput = builder.inputType('ReplayWebhookDeliveryInput', {
  description: 'Input of replayWebhookDelivery.',
  fields: (t) => ({ id: t.id({ required: true, description: 'WebhookDelivery.id' }) }),
})

builder.mutationField('replayWebhookDelivery', (t) =>
  t.withAuth(WEBHOOKS).field({
    type: WebhookDeliveryRef,
    description: 'Sends a delivery again within seconds, with the same webhook-id, even to a paused endpoint.',
    errors: { types: [WebhookDeliveryNotFoundError] },
    args: { input: t.arg({ type: ReplayWebhookDeliveryInput, required: true, description: 'Which delivery.' }) },
    resolve: (_root, { input }, context) => replayWebhookDelivery(context.viewer.id, String(input.id)),
  }),
)
