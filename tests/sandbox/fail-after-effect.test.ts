import { describe, expect, it } from 'vitest'
import type { FaultInput } from '../../sandbox/control-types.ts'
import { callMeta, facebookWorld, threadsWorld, useSandbox, type SandboxHandle } from './helpers.ts'

// "Fail after effect": Meta acts on the write, then its answer is lost. Each write route the app
// uses must show the effect (a post, a container) whatever the client was told.

type WriteCall = { send: (answer: Omit<FaultInput, 'route' | 'afterEffect'>) => Promise<unknown>; effects: () => Promise<number> }

async function facebookPost(sandbox: SandboxHandle, kind: 'feed' | 'photos'): Promise<WriteCall> {
  const { pageId, pageToken } = await facebookWorld(sandbox.control)
  await sandbox.control.addMediaRule({ match: 'after-effect.png', fetch: 'ok', contentType: 'image/png' })
  const route = kind === 'feed' ? 'facebook.feed.create' : 'facebook.photos.create'
  const form: Record<string, string> =
    kind === 'feed'
      ? { message: 'Lost answer', access_token: pageToken }
      : { url: 'https://img.example/after-effect.png', caption: 'Lost answer', access_token: pageToken }
  return {
    async send(answer) {
      await sandbox.control.injectFault({ route, afterEffect: true, ...answer })
      return callMeta(sandbox.url, 'POST', `/v25.0/${pageId}/${kind}`, { form, timeoutMs: 300 })
    },
    effects: async () => (await sandbox.control.posts({ platform: 'facebook' })).length,
  }
}

async function threadsPublish(sandbox: SandboxHandle): Promise<WriteCall> {
  const { token } = await threadsWorld(sandbox.control)
  const container = await callMeta<{ id: string }>(sandbox.url, 'POST', '/v1.0/me/threads', {
    form: { media_type: 'TEXT', text: 'Lost answer', access_token: token },
  })
  return {
    async send(answer) {
      await sandbox.control.injectFault({ route: 'threads.publish', afterEffect: true, ...answer })
      return callMeta(sandbox.url, 'POST', '/v1.0/me/threads_publish', {
        query: { creation_id: container.body.id, access_token: token },
        timeoutMs: 300,
      })
    },
    effects: async () => (await sandbox.control.posts({ platform: 'threads' })).length,
  }
}

/** Editing or deleting a post that exists: the effect is the post's new text, or its absence. */
async function facebookChange(sandbox: SandboxHandle, kind: 'update' | 'delete'): Promise<WriteCall> {
  const { pageId, pageToken } = await facebookWorld(sandbox.control)
  const created = await callMeta<{ id: string }>(sandbox.url, 'POST', `/v25.0/${pageId}/feed`, {
    form: { message: 'Before', access_token: pageToken },
  })
  const route = kind === 'update' ? 'facebook.object.update' : 'facebook.object.delete'
  return {
    async send(answer) {
      await sandbox.control.injectFault({ route, afterEffect: true, ...answer })
      return kind === 'update'
        ? callMeta(sandbox.url, 'POST', `/v25.0/${created.body.id}`, {
            form: { message: 'After', access_token: pageToken },
            timeoutMs: 300,
          })
        : callMeta(sandbox.url, 'DELETE', `/v25.0/${created.body.id}`, { query: { access_token: pageToken }, timeoutMs: 300 })
    },
    effects: async () =>
      (await sandbox.control.posts({ platform: 'facebook' })).filter((post) =>
        kind === 'update' ? post.platform === 'facebook' && post.message === 'After' : post.deletedAt !== null,
      ).length,
  }
}

async function threadsDelete(sandbox: SandboxHandle): Promise<WriteCall> {
  const { token } = await threadsWorld(sandbox.control)
  const created = await callMeta<{ id: string }>(sandbox.url, 'POST', '/v1.0/me/threads', {
    form: { media_type: 'TEXT', text: 'To delete', auto_publish_text: 'true', access_token: token },
  })
  return {
    async send(answer) {
      await sandbox.control.injectFault({ route: 'threads.object.delete', afterEffect: true, ...answer })
      return callMeta(sandbox.url, 'DELETE', `/v1.0/${created.body.id}`, { query: { access_token: token }, timeoutMs: 300 })
    },
    effects: async () => (await sandbox.control.posts({ platform: 'threads' })).filter((post) => post.deletedAt !== null).length,
  }
}

const ROUTES = {
  'facebook.feed.create': (sandbox: SandboxHandle) => facebookPost(sandbox, 'feed'),
  'facebook.photos.create': (sandbox: SandboxHandle) => facebookPost(sandbox, 'photos'),
  'threads.publish': threadsPublish,
  'facebook.object.update': (sandbox: SandboxHandle) => facebookChange(sandbox, 'update'),
  'facebook.object.delete': (sandbox: SandboxHandle) => facebookChange(sandbox, 'delete'),
  'threads.object.delete': threadsDelete,
} as const

const ANSWERS = {
  'a 500 with Meta’s error': { error: { code: 2 } },
  'a verbatim 502 page': { reply: { status: 502, body: '<html>Bad gateway</html>' } },
  'a dropped connection': { drop: true },
  'an answer after the client’s timeout': { delayMs: 1_000 },
} as const

describe('fail after effect', () => {
  const sandbox = useSandbox()

  describe.each(Object.keys(ROUTES) as (keyof typeof ROUTES)[])('%s', (route) => {
    it.each(Object.entries(ANSWERS))('does the write, then answers with %s', async (_label, answer) => {
      const write = await ROUTES[route](sandbox)
      const before = await write.effects()
      const result = (await write.send(answer).catch((error: unknown) => error)) as { status?: number } | Error
      if ('error' in answer) expect(result).toMatchObject({ status: 500 })
      else if ('reply' in answer) expect(result).toMatchObject({ status: 502 })
      else expect(result).toBeInstanceOf(Error)
      expect(await write.effects()).toBe(before + 1)
      const [call] = await sandbox.control.calls({ route })
      expect(call?.fault).not.toBeNull()
    })
  })

  it('lets `skip` matching calls through before it applies', async () => {
    const { userToken } = await facebookWorld(sandbox.control)
    await sandbox.control.injectFault({ route: 'facebook.object.get', skip: 1, error: { code: 2 } })
    const me = () => callMeta(sandbox.url, 'GET', '/v25.0/me', { query: { access_token: userToken } })
    expect((await me()).status).toBe(200)
    expect((await me()).status).toBe(500)
    expect((await me()).status).toBe(200)
  })

  it('answers normally once the fault is used up', async () => {
    const write = await ROUTES['facebook.feed.create'](sandbox)
    await write.send({ error: { code: 2 } })
    await expect(sandbox.control.faults()).resolves.toEqual([])
  })

  it('refuses an error and a reply together, and a reply with a status that is not HTTP', async () => {
    await expect(
      sandbox.control.injectFault({ route: 'facebook.feed.create', afterEffect: true, error: { code: 2 }, reply: { status: 502 } }),
    ).rejects.toThrow(/not both/)
    await expect(sandbox.control.injectFault({ route: 'facebook.feed.create', reply: { status: 42 } })).rejects.toThrow(/HTTP status/)
  })
})
