import { describe, expect, it } from 'vitest'
import { prisma } from '#app/.server/db.ts'
import { runNotificationPass } from '#app/.server/notifications/notification-pass.ts'
import { graphql } from '#tests/graphql/helpers.ts'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { useWebhookReceivers } from '#tests/notifications/webhook-receiver.ts'
import { connectedUser, publish } from '#tests/publishing/helpers.ts'
import { useWorker } from '#tests/worker-harness.ts'
import { bearer, createToken, userWithToken } from './helpers.ts'

const meta = useMetaSandbox()
useWorker()
const withReceiver = useWebhookReceivers()

const ENDPOINT_FIELDS = 'id url events paused pausedAt createdAt'
const DELIVERY_FIELDS = 'id eventType status attempts responseStatusCode durationMs error nextAttemptAt deliveredAt createdAt'

const CREATE = `mutation ($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) {
    __typename
    ... on CreatedWebhookEndpoint { secret webhookEndpoint { ${ENDPOINT_FIELDS} } }
    ... on InvalidInputError { issues { field message } }
  }
}`
const UPDATE = `mutation ($input: UpdateWebhookEndpointInput!) {
  updateWebhookEndpoint(input: $input) { __typename ... on WebhookEndpoint { ${ENDPOINT_FIELDS} } ... on Error { message } ... on InvalidInputError { issues { field message } } }
}`
const DELETE = `mutation ($input: DeleteWebhookEndpointInput!) {
  deleteWebhookEndpoint(input: $input) { __typename ... on WebhookEndpoint { id } ... on Error { message } }
}`
const REPLAY = `mutation ($input: ReplayWebhookDeliveryInput!) {
  replayWebhookDelivery(input: $input) { __typename ... on WebhookDelivery { ${DELIVERY_FIELDS} } ... on Error { message } }
}`
const LIST = `{ webhookEndpoints { ${ENDPOINT_FIELDS} deliveries(first: 5) { ${DELIVERY_FIELDS} } } }`

type Endpoint = { id: string; url: string; events: string[]; paused: boolean; pausedAt: string | null }
type Delivery = {
  id: string
  eventType: string
  status: string
  attempts: number
  responseStatusCode: number | null
  durationMs: number | null
}

async function call<T>(secret: string, query: string, input?: Record<string, unknown>): Promise<T> {
  const { body } = await graphql<Record<string, T>>(query, { headers: bearer(secret), variables: input && { input } })
  expect(body.errors).toBeUndefined()
  return Object.values(body.data!)[0]!
}

describe('webhook endpoints over the API', () => {
  it('creates, lists, changes, pauses, replays and deletes with a webhooks token, the secret shown once', async () => {
    const receiver = await withReceiver([503])
    const user = await connectedUser(meta, { threads: true, pages: 0 })
    const { secret: token } = await createToken(user.cookie, { scopes: ['WEBHOOKS'] })

    const refused = await call<{ __typename: string; issues: { field: string }[] }>(token, CREATE, { url: 'nope', events: [] })
    expect(refused.__typename).toBe('InvalidInputError')
    expect(refused.issues.map((issue) => issue.field).sort()).toEqual(['events', 'url'])

    const created = await call<{ secret: string; webhookEndpoint: Endpoint }>(token, CREATE, {
      url: receiver.url,
      events: ['POST_FAILED'],
    })
    expect(created.secret).toMatch(/^whsec_/)
    expect(created.webhookEndpoint).toMatchObject({ url: receiver.url, events: ['POST_FAILED'], paused: false })
    const { id } = created.webhookEndpoint

    const changed = await call<Endpoint>(token, UPDATE, { id, events: ['POST_PUBLISHED', 'POST_FAILED'] })
    expect(changed).toMatchObject({ id, url: receiver.url, events: ['POST_PUBLISHED', 'POST_FAILED'], paused: false })
    expect(await call<{ __typename: string }>(token, UPDATE, { id, url: 'ftp://example.com' })).toMatchObject({
      __typename: 'InvalidInputError',
    })

    await publish(user.cookie, { platforms: ['THREADS'], content: { text: 'Over the API' } })
    await runNotificationPass()
    const [listed] = await call<(Endpoint & { deliveries: Delivery[] })[]>(token, LIST)
    expect(JSON.stringify(listed)).not.toContain(created.secret)
    const published = listed!.deliveries.find((delivery) => delivery.eventType === 'POST_PUBLISHED')!
    expect(published).toMatchObject({ status: 'PENDING', attempts: 1, responseStatusCode: 503 })
    expect(published.durationMs).toBeGreaterThanOrEqual(0)

    const paused = await call<Endpoint>(token, UPDATE, { id, paused: true })
    expect(paused.paused).toBe(true)
    expect(paused.pausedAt).not.toBeNull()
    const replayed = await call<Delivery>(token, REPLAY, { id: published.id })
    expect(replayed).toMatchObject({ id: published.id, status: 'PENDING' })
    await runNotificationPass()
    expect(receiver.received.filter((r) => r.headers['webhook-id'] === published.id)).toHaveLength(2)
    expect((await call<Endpoint>(token, UPDATE, { id, paused: false })).paused).toBe(false)

    expect(await call<{ id: string }>(token, DELETE, { id })).toMatchObject({ __typename: 'WebhookEndpoint', id })
    expect(await prisma.webhookDelivery.count({ where: { endpointId: id } })).toBe(0)
    expect(await call<{ __typename: string }>(token, DELETE, { id })).toMatchObject({ __typename: 'WebhookEndpointNotFoundError' })
  })

  it("answers not found for another person's endpoint and delivery, and changes nothing", async () => {
    const owner = await userWithToken(['WEBHOOKS'])
    const stranger = await userWithToken(['WEBHOOKS'])
    const created = await call<{ webhookEndpoint: Endpoint }>(owner.secret, CREATE, {
      url: 'http://127.0.0.1:9/x',
      events: ['POST_FAILED'],
    })
    const { id } = created.webhookEndpoint
    expect(await call<unknown[]>(stranger.secret, LIST)).toEqual([])
    for (const [query, input] of [
      [UPDATE, { id, paused: true }],
      [DELETE, { id }],
    ] as const) {
      expect(await call<{ __typename: string }>(stranger.secret, query, input)).toMatchObject({
        __typename: 'WebhookEndpointNotFoundError',
      })
    }
    expect(await call<{ __typename: string }>(stranger.secret, REPLAY, { id: 'msg_none' })).toMatchObject({
      __typename: 'WebhookDeliveryNotFoundError',
    })
    expect(await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id } })).toMatchObject({ pausedAt: null })
  })
})
