import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createMetaHttp, type MetaRequest } from '#app/.server/platforms/http.ts'
import { failureOf } from './helpers.ts'

const TOKEN = 'EAAGcanaryUserToken0123456789abcdefghijkl'
const SECRET = 'app-secret-value'

/** A MetaSend whose "network" answers with `reply` and remembers what it was asked. */
function fakeMeta(reply: (url: URL, init: RequestInit) => Response) {
  const seen: { url: URL; init: RequestInit }[] = []
  const send = createMetaHttp('facebook', {
    appSecret: SECRET,
    fetch: async (input, init = {}) => {
      const url = new URL(input instanceof Request ? input.url : input)
      seen.push({ url, init })
      return reply(url, init)
    },
  })
  return { send, seen }
}

const request = (method: MetaRequest['method']): MetaRequest => ({
  method,
  url: 'https://graph.example/v25.0/123/feed',
  params: { message: 'hi', published: false, limit: 5, access_token: TOKEN, skipped: undefined },
})

const id = z.object({ id: z.string() })

describe('createMetaHttp', () => {
  it('sends GET and DELETE parameters in the query, POST parameters as a form body', async () => {
    const { send, seen } = fakeMeta(() => Response.json({ id: '1' }))
    await send(request('GET'), id)
    await send(request('POST'), id)
    const [get, post] = seen
    expect(Object.fromEntries(get!.url.searchParams)).toEqual({
      message: 'hi',
      published: 'false',
      limit: '5',
      access_token: TOKEN,
    })
    expect(post!.url.search).toBe('')
    expect(Object.fromEntries(post!.init.body as URLSearchParams)).toEqual({
      message: 'hi',
      published: 'false',
      limit: '5',
      access_token: TOKEN,
    })
  })

  it('returns the parsed answer with the usage headers', async () => {
    const { send } = fakeMeta(() => Response.json({ id: '1', extra: true }, { headers: { 'x-app-usage': '{"call_count":42}' } }))
    const { data, usage } = await send(request('GET'), id)
    expect(data).toEqual({ id: '1' })
    expect(usage.highestPercent).toBe(42)
  })

  it('never puts the query string, the token or the app secret into an error', async () => {
    const { send } = fakeMeta((url) =>
      Response.json(
        { error: { message: `Bad request ${url.toString()} with ${SECRET}`, type: 'OAuthException', code: 100 } },
        { status: 400 },
      ),
    )
    const error = await failureOf(send(request('GET'), id))
    expect(error.message).toMatch(/^Facebook GET \/v25\.0\/123\/feed failed: /)
    for (const leaked of [TOKEN, SECRET, `access_token=${TOKEN}`]) {
      expect(error.message).not.toContain(leaked)
      expect(JSON.stringify(error.failure)).not.toContain(leaked)
    }
  })

  it('treats an error body as a failure even with status 200', async () => {
    const { send } = fakeMeta(() => Response.json({ error: { message: 'Session has expired', code: 190, error_subcode: 463 } }))
    expect((await failureOf(send(request('GET'), id))).failure).toMatchObject({ kind: 'reconnect', reason: 'token_expired' })
  })

  it('calls an answer it cannot read a permanent failure, naming the fields', async () => {
    const missing = await failureOf(fakeMeta(() => Response.json({ name: 'no id' })).send(request('GET'), id))
    expect(missing.failure).toMatchObject({
      kind: 'permanent',
      reason: 'unexpected_response',
      detail: expect.stringContaining('check: id'),
    })
    const html = await failureOf(fakeMeta(() => new Response('<html>ok</html>')).send(request('GET'), id))
    expect(html.failure).toMatchObject({ kind: 'permanent', reason: 'unexpected_response', httpStatus: 200 })
  })

  it('classifies a 5xx without a JSON body as transient', async () => {
    const error = await failureOf(fakeMeta(() => new Response('Bad gateway', { status: 502 })).send(request('POST'), id))
    expect(error.failure).toMatchObject({ kind: 'transient', reason: 'server_error', httpStatus: 502 })
  })
})
