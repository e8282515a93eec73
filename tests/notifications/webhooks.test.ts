import { createHmac, timingSafeEqual } from 'node:crypto'
import fs from 'node:fs'
import type http from 'node:http'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { markNeedsReconnect } from '#app/.server/accounts/account-health.ts'
import { prisma } from '#app/.server/db.ts'
import { runNotificationPass } from '#app/.server/notifications/notification-pass.ts'
import { endpointUrlProblem } from '#app/.server/notifications/webhook-address.ts'
import { isPublicAddress } from '#app/.server/public-address.ts'
import { sendDueWebhooks } from '#app/.server/notifications/webhook-deliveries.ts'
import { createWebhookEndpoint, replayWebhookDelivery } from '#app/.server/notifications/webhook-endpoints.ts'
import { SANDBOX_SECRET_PATTERN, useMetaSandbox } from '#tests/meta-sandbox.ts'
import { connectedUser, publish } from '#tests/publishing/helpers.ts'
import { useWorker } from '#tests/worker-harness.ts'
import { useWebhookReceivers } from './webhook-receiver.ts'

const meta = useMetaSandbox()
useWorker()

type Verify = (secret: string, headers: http.IncomingHttpHeaders, body: string, now?: number) => { type: string; data: unknown }
let verifyWebhook: Verify

/**
 * docs/api.md's verification example, run as written: only its import line is replaced by handing
 * in the same two functions, since the test runner cannot import a file outside the project.
 */
beforeAll(() => {
  const doc = fs.readFileSync(path.resolve(import.meta.dirname, '../../docs/api.md'), 'utf8')
  const code = /<!-- webhook-verify -->\n```js\n([\s\S]*?)```/.exec(doc)![1]!
  expect(code).toMatch(/^import \{ createHmac, timingSafeEqual \} from 'node:crypto'$/m)
  const body = code.replace(/^import .*$/m, '').replace('export function verifyWebhook', 'return function verifyWebhook')
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  verifyWebhook = new Function('createHmac', 'timingSafeEqual', body)(createHmac, timingSafeEqual) as Verify
})

const withReceiver = useWebhookReceivers()

describe('outbound webhooks', () => {
  it('delivers a partial post and the reconnect incident, signed, exactly once with two workers at once', async () => {
    const receiver = await withReceiver()
    const user = await connectedUser(meta, { pages: 2 })
    const endpoint = await createWebhookEndpoint(user.userId, { url: receiver.url, events: ['post.partial', 'connection.needs_reconnect'] })
    expect(endpoint.secret).toMatch(/^whsec_/)
    expect((await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).secret).not.toContain(endpoint.secret.slice(6))

    const broken = await prisma.account.findFirstOrThrow({ where: { userId: user.userId, platformAccountId: user.pageIds[0] } })
    await markNeedsReconnect(broken.id, 'Facebook logged Duopost out of this Page. Connect Facebook again.')
    await publish(user.cookie, { platforms: ['THREADS', 'FACEBOOK'], content: { text: 'Hooked' }, facebookPageIds: user.pageIds })
    await Promise.all([runNotificationPass(), runNotificationPass()])
    await Promise.all([runNotificationPass(), runNotificationPass()])

    // On failure, the types received say which event came twice.
    expect(receiver.received.map((r) => (JSON.parse(r.body) as { type: string }).type)).toHaveLength(2)
    const events = receiver.received.map(({ headers, body }) => verifyWebhook(endpoint.secret, headers, body))
    expect(events.map((event) => event.type).sort()).toEqual(['connection.needs_reconnect', 'post.partial'])
    const post = events.find((event) => event.type === 'post.partial')!
    expect(post.data).toMatchObject({
      status: 'partial',
      excerpt: 'Hooked',
      targets: expect.arrayContaining([expect.objectContaining({ status: 'failed', action: 'reconnect' })]),
    })
    for (const { body } of receiver.received) expect(body).not.toMatch(SANDBOX_SECRET_PATTERN)
    const postDelivery = receiver.received.find(({ body }) => body.includes('Hooked'))!
    expect(() => verifyWebhook(endpoint.secret, postDelivery.headers, postDelivery.body.replace('Hooked', 'Hacked'))).toThrow(
      /bad webhook signature/,
    )
    expect(() =>
      verifyWebhook('whsec_' + Buffer.alloc(32).toString('base64'), receiver.received[0]!.headers, receiver.received[0]!.body),
    ).toThrow()
    expect(await prisma.webhookDelivery.count({ where: { endpointId: endpoint.id, status: 'succeeded' } })).toBe(2)
  })

  it('sends target.updated once per change of each target, across processes, and not for a heartbeat', async () => {
    const receiver = await withReceiver()
    const user = await connectedUser(meta, { pages: 1 })
    const endpoint = await createWebhookEndpoint(user.userId, { url: receiver.url, events: ['target.updated'] })
    const page = await prisma.account.findFirstOrThrow({ where: { userId: user.userId, platformAccountId: user.pageIds[0] } })
    await markNeedsReconnect(page.id, 'Facebook logged Duopost out of this Page. Connect Facebook again.')
    const { post } = await publish(user.cookie, {
      platforms: ['THREADS', 'FACEBOOK'],
      content: { text: 'Per target' },
      facebookPageIds: user.pageIds,
    })
    await Promise.all([runNotificationPass(), runNotificationPass()])
    await Promise.all([runNotificationPass(), runNotificationPass()])

    const events = receiver.received.map(({ headers, body }) => verifyWebhook(endpoint.secret, headers, body))
    expect(events.map((event) => event.type)).toEqual(['target.updated', 'target.updated'])
    const byPlatform = Object.fromEntries(events.map((event) => [(event.data as { platform: string }).platform, event.data]))
    expect(byPlatform.threads).toMatchObject({
      postId: post!.id,
      status: 'published',
      permalink: expect.stringMatching(/^http/),
      error: null,
    })
    expect(byPlatform.facebook).toMatchObject({
      postId: post!.id,
      status: 'failed',
      permalink: null,
      error: { kind: 'reconnect', action: 'reconnect', message: expect.any(String) },
    })

    // A heartbeat moves updatedAt without changing what a receiver is told.
    const threadsTarget = post!.targets.find((target) => target.platform === 'THREADS')!
    await prisma.publishTarget.update({ where: { id: threadsTarget.id }, data: { heartbeatAt: new Date() } })
    await runNotificationPass()
    expect(receiver.received).toHaveLength(2)

    // A change of the same target is a new event, numbered after the first.
    await prisma.publishTarget.update({ where: { id: threadsTarget.id }, data: { permalink: 'https://www.threads.net/@x/post/changed' } })
    await Promise.all([runNotificationPass(), runNotificationPass()])
    expect(receiver.received).toHaveLength(3)
    expect(verifyWebhook(endpoint.secret, receiver.received[2]!.headers, receiver.received[2]!.body).data).toMatchObject({
      targetId: threadsTarget.id,
      permalink: 'https://www.threads.net/@x/post/changed',
    })
    expect(await prisma.notificationEvent.count({ where: { key: { startsWith: `target:${threadsTarget.id}:` } } })).toBe(2)
  })

  it('retries after a 500 with the same webhook-id, records each attempt, and replays on request', async () => {
    const receiver = await withReceiver([500])
    const user = await connectedUser(meta, { threads: true, pages: 0 })
    const endpoint = await createWebhookEndpoint(user.userId, { url: receiver.url, events: ['post.published'] })
    await publish(user.cookie, { platforms: ['THREADS'], content: { text: 'Retried' } })
    await runNotificationPass()
    const delivery = await prisma.webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } })
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500, lastError: 'The endpoint answered HTTP 500.' })
    expect(delivery.nextAttemptAt.getTime()).toBeGreaterThan(Date.now())

    await sendDueWebhooks(new Date(delivery.nextAttemptAt.getTime() + 1))
    const done = await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2, lastStatusCode: 200, lastError: null })
    expect(done.lastDurationMs).toBeGreaterThanOrEqual(0)
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([delivery.id, delivery.id])
    for (const { headers, body } of receiver.received) expect(verifyWebhook(endpoint.secret, headers, body).type).toBe('post.published')

    await replayWebhookDelivery(user.userId, delivery.id)
    await sendDueWebhooks()
    expect(receiver.received).toHaveLength(3)
    const stranger = await connectedUser(meta, { threads: false })
    await expect(replayWebhookDelivery(stranger.userId, delivery.id)).rejects.toThrow(/No delivery with that id/)
  })

  it('gives up after a day, pauses the endpoint and sends nothing more to it', async () => {
    const receiver = await withReceiver(Array.from({ length: 20 }, () => 503))
    const user = await connectedUser(meta, { threads: true, pages: 0 })
    const endpoint = await createWebhookEndpoint(user.userId, { url: receiver.url, events: ['post.published'] })
    await publish(user.cookie, { platforms: ['THREADS'], content: { text: 'Down for a day' } })
    await runNotificationPass()
    for (let hours = 1; hours <= 30; hours += 1) await sendDueWebhooks(new Date(Date.now() + hours * 3_600_000))
    const delivery = await prisma.webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } })
    expect(delivery.status).toBe('failed')
    expect(delivery.attempts).toBeGreaterThanOrEqual(5)
    expect((await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).pausedAt).toBeInstanceOf(Date)
  })

  it('refuses addresses that are not https on the public internet in production', async () => {
    expect(isPublicAddress('93.184.216.34')).toBe(true)
    for (const address of ['127.0.0.1', '10.1.2.3', '192.168.0.1', '172.16.0.1', '169.254.169.254', '::1', 'fd00::1', '::ffff:127.0.0.1']) {
      expect(isPublicAddress(address), address).toBe(false)
    }
    expect(endpointUrlProblem('not a url')).toMatch(/full address/)
    expect(endpointUrlProblem('https://user:pw@example.com/x')).toMatch(/user names and passwords/)
    const previous = process.env.NODE_ENV
    process.env.NODE_ENV = 'production'
    const { reloadEnv } = await import('#app/.server/env.ts')
    try {
      process.env.SESSION_SECRET ??= 'x'.repeat(32)
      reloadEnv()
      expect(endpointUrlProblem('http://example.com/hook')).toMatch(/https/)
      expect(endpointUrlProblem('https://127.0.0.1/hook')).toMatch(/private network/)
      expect(endpointUrlProblem('https://[::1]/hook')).toMatch(/private network/)
      expect(endpointUrlProblem('https://localhost/hook')).toMatch(/private network/)
      expect(endpointUrlProblem('https://example.com/hook')).toBeNull()
      const user = await connectedUser(meta, { threads: false })
      await expect(createWebhookEndpoint(user.userId, { url: 'https://10.0.0.5/x', events: ['post.failed'] })).rejects.toThrow(
        /private network/,
      )
    } finally {
      process.env.NODE_ENV = previous
      reloadEnv()
    }
  })
})
