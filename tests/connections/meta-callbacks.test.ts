import { createHmac } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prisma } from '#app/.server/db.ts'
import { loader as deletionStatus } from '#app/routes/data-deletion.$code.tsx'
import { action as facebookDeletion } from '#app/routes/webhooks.meta.data-deletion.ts'
import { action as facebookDeauthorize } from '#app/routes/webhooks.meta.deauthorize.ts'
import { action as threadsDelete } from '#app/routes/webhooks.threads.delete.ts'
import { action as threadsUninstall } from '#app/routes/webhooks.threads.uninstall.ts'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { connectedUser } from '#tests/publishing/helpers.ts'
import { loaderArgs, settle } from '#tests/utils.ts'

const meta = useMetaSandbox()

const ROUTES: Record<string, typeof facebookDeauthorize> = {
  '/webhooks/meta/deauthorize': facebookDeauthorize,
  '/webhooks/meta/data-deletion': facebookDeletion,
  '/webhooks/threads/uninstall': threadsUninstall,
  '/webhooks/threads/delete': threadsDelete,
}

// Meta's callbacks arrive over HTTP; this server hands them to the route actions unchanged.
let appUrl = ''
const server = http.createServer(async (req, res) => {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const request = new Request(new URL(req.url!, appUrl), {
    method: req.method,
    headers: req.headers as Record<string, string>,
    body: Buffer.concat(chunks),
  })
  const response = await ROUTES[new URL(request.url).pathname]!({ request, params: {}, context: { clientIp: null } })
  res.writeHead(response.status, Object.fromEntries(response.headers))
  res.end(await response.text())
})

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

async function registerCallbacks() {
  await meta.control.updateApp(meta.facebookApp.id, {
    deauthorizeCallbackUrl: `${appUrl}/webhooks/meta/deauthorize`,
    dataDeletionCallbackUrl: `${appUrl}/webhooks/meta/data-deletion`,
  })
  await meta.control.updateApp(meta.threadsApp.id, {
    deauthorizeCallbackUrl: `${appUrl}/webhooks/threads/uninstall`,
    dataDeletionCallbackUrl: `${appUrl}/webhooks/threads/delete`,
  })
}

function sign(payload: object, secret: string): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url')
  return `${createHmac('sha256', secret).update(body).digest('base64url')}.${body}`
}

function post(action: typeof facebookDeauthorize, signedRequest: string) {
  const request = new Request('http://localhost:3000/webhooks', {
    method: 'POST',
    body: new URLSearchParams({ signed_request: signedRequest }),
  })
  return action({ request, params: {}, context: { clientIp: null } })
}

describe("Meta's deauthorize and data-deletion callbacks", () => {
  it('deauthorize (Facebook) marks the person’s Pages REVOKED and stops their queued targets', async () => {
    await registerCallbacks()
    const user = await connectedUser(meta, { pages: 2 })
    const queued = await prisma.post.create({
      data: {
        userId: user.userId,
        text: 'Not yet',
        requestHash: 'x',
        targets: {
          create: (await prisma.account.findMany({ where: { userId: user.userId, platform: 'facebook' } })).map((a) => ({
            accountId: a.id,
            platform: 'facebook',
            platformAccountId: a.platformAccountId,
            accountName: a.displayName!,
          })),
        },
      },
      include: { targets: true },
    })
    const result = await meta.control.fireCallback({ kind: 'deauthorize', appId: meta.facebookApp.id, personId: user.person.id })
    expect(result.status).toBe(200)
    const accounts = await prisma.account.findMany({ where: { userId: user.userId } })
    expect(accounts.filter((a) => a.platform === 'facebook').map((a) => a.status)).toEqual(['REVOKED', 'REVOKED'])
    expect(accounts.find((a) => a.platform === 'threads')!.status).toBe('ACTIVE')
    const targets = await prisma.publishTarget.findMany({ where: { postId: queued.id } })
    expect(targets.map((t) => [t.status, t.errorAction])).toEqual([
      ['failed', 'reconnect'],
      ['failed', 'reconnect'],
    ])
  })

  it('Threads uninstall revokes the Threads connection only', async () => {
    await registerCallbacks()
    const user = await connectedUser(meta, { pages: 1 })
    const result = await meta.control.fireCallback({ kind: 'deauthorize', appId: meta.threadsApp.id, personId: user.person.id })
    expect(result.status).toBe(200)
    const statuses = await prisma.account.findMany({
      where: { userId: user.userId },
      select: { platform: true, status: true },
      orderBy: { platform: 'desc' },
    })
    expect(statuses).toEqual([
      { platform: 'facebook', status: 'ACTIVE' },
      { platform: 'threads', status: 'REVOKED' },
    ])
  })

  it('data deletion deletes the connections and their tokens, and answers a status URL and code', async () => {
    await registerCallbacks()
    const user = await connectedUser(meta, { pages: 2 })
    const result = await meta.control.fireCallback({ kind: 'data_deletion', appId: meta.facebookApp.id, personId: user.person.id })
    expect(result.status).toBe(200)
    expect(result.problems).toEqual([])
    const body = JSON.parse(result.body) as { url: string; confirmation_code: string }
    expect(body.url).toBe(`http://localhost:3000/data-deletion/${body.confirmation_code}`)
    expect(await prisma.account.count({ where: { userId: user.userId, platform: 'facebook' } })).toBe(0)
    expect(await prisma.account.count({ where: { userId: user.userId, platform: 'threads' } })).toBe(1)
    const status = await deletionStatus({ ...loaderArgs(new Request(body.url)), params: { code: body.confirmation_code } })
    expect(status).toMatchObject({ completed: true, deletedAccounts: 2, platform: 'Facebook' })

    const threads = await meta.control.fireCallback({ kind: 'data_deletion', appId: meta.threadsApp.id, personId: user.person.id })
    expect(threads.status).toBe(200)
    expect(await prisma.account.count({ where: { userId: user.userId } })).toBe(0)
  })

  it.each([
    [
      'a tampered payload',
      (valid: string) =>
        `${valid.split('.')[0]}.${Buffer.from(JSON.stringify({ algorithm: 'HMAC-SHA256', issued_at: Math.floor(Date.now() / 1000), user_id: 'someone-else' })).toString('base64url')}`,
    ],
    [
      'a signature made with another secret',
      () => sign({ algorithm: 'HMAC-SHA256', issued_at: Math.floor(Date.now() / 1000), user_id: 'x' }, 'not-the-app-secret'),
    ],
    [
      'an expired request',
      () => sign({ algorithm: 'HMAC-SHA256', issued_at: Math.floor(Date.now() / 1000) - 3600, user_id: 'x' }, meta.facebookApp.secret),
    ],
    [
      'a request issued in the future, beyond a minute of clock skew',
      () => sign({ algorithm: 'HMAC-SHA256', issued_at: Math.floor(Date.now() / 1000) + 3600, user_id: 'x' }, meta.facebookApp.secret),
    ],
    [
      'another algorithm',
      () => sign({ algorithm: 'HMAC-SHA1', issued_at: Math.floor(Date.now() / 1000), user_id: 'x' }, meta.facebookApp.secret),
    ],
    ['garbage', () => 'not-a-signed-request'],
  ])('refuses %s with 400 and changes nothing', async (_name, forge) => {
    const user = await connectedUser(meta, { threads: false, pages: 1 })
    const [account] = await prisma.account.findMany({ where: { userId: user.userId } })
    const valid = sign(
      { algorithm: 'HMAC-SHA256', issued_at: Math.floor(Date.now() / 1000), user_id: account!.metaUserId },
      meta.facebookApp.secret,
    )
    const deletionsBefore = await prisma.dataDeletionRequest.count()
    for (const action of [facebookDeauthorize, facebookDeletion]) {
      const response = await settle(post(action, forge(valid)))
      expect(response.status).toBe(400)
      expect(((await response.json()) as { error: string }).error).toMatch(/signed_request/)
    }
    expect(await prisma.account.findUniqueOrThrow({ where: { id: account!.id } })).toMatchObject({ status: 'ACTIVE' })
    expect(await prisma.dataDeletionRequest.count()).toBe(deletionsBefore)
  })

  it('accepts a signed request once: a replay of the same request is refused and changes nothing', async () => {
    const user = await connectedUser(meta, { threads: false, pages: 1 })
    const [account] = await prisma.account.findMany({ where: { userId: user.userId } })
    const signed = sign(
      { algorithm: 'HMAC-SHA256', issued_at: Math.floor(Date.now() / 1000), user_id: account!.metaUserId },
      meta.facebookApp.secret,
    )
    const deletionsBefore = await prisma.dataDeletionRequest.count()
    const first = await settle(post(facebookDeletion, signed))
    expect(first.status).toBe(200)
    const replay = await settle(post(facebookDeletion, signed))
    expect(replay.status).toBe(400)
    expect(((await replay.json()) as { error: string }).error).toMatch(/already received once; a replay is refused/)
    expect(await prisma.dataDeletionRequest.count()).toBe(deletionsBefore + 1)
  })

  it('accepts issued_at a little ahead of our clock (skew)', async () => {
    const user = await connectedUser(meta, { threads: false, pages: 1 })
    const [account] = await prisma.account.findMany({ where: { userId: user.userId } })
    const signed = sign(
      { algorithm: 'HMAC-SHA256', issued_at: Math.floor(Date.now() / 1000) + 30, user_id: account!.metaUserId },
      meta.facebookApp.secret,
    )
    expect((await settle(post(facebookDeauthorize, signed))).status).toBe(200)
  })
})
