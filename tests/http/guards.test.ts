/**
 * The HTTP server's guards before Remix (app/.server/http/), over real HTTP: an Express app with
 * exactly those guards in front of a handler that records what got through. The browser-level
 * proof (real cross-site and same-site pages in Chromium) is tests/e2e/web-security.e2e.ts.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseEnv, type Env } from '#app/.server/env.ts'
import { DEFAULT_BODY_LIMIT_BYTES } from '#app/.server/http/body-limit.ts'
import { headerGuards, requestGuards, trustProxySetting } from '#app/.server/http/web-guards.ts'

const KEY = Buffer.alloc(32, 7).toString('base64')
const APP_URL = 'https://duopost.example'

function envFor(mode: 'development' | 'production', extra: Record<string, string> = {}): Env {
  return parseEnv({
    NODE_ENV: mode,
    APP_URL,
    SESSION_SECRET: 'x'.repeat(32),
    TOKEN_ENCRYPTION_KEY: KEY,
    DATA_DIR: '/nonexistent',
    ...extra,
  })
}

type Reached = { method: string; path: string; bodyBytes: number; ip: string | undefined }

async function guardedServer(env: Env) {
  const reached: Reached[] = []
  const app = express()
  app.set('trust proxy', trustProxySetting(env.TRUST_PROXY))
  app.use(headerGuards(env))
  const record: express.RequestHandler = (req, res) => {
    reached.push({ method: req.method, path: req.path, bodyBytes: Buffer.isBuffer(req.body) ? req.body.length : 0, ip: req.ip })
    res.type('text/html').send('<p>reached</p>')
  }
  app.all('*', requestGuards(env), record)
  const server = http.createServer(app)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    reached,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  }
}

let dev: Awaited<ReturnType<typeof guardedServer>>
let prod: Awaited<ReturnType<typeof guardedServer>>

beforeAll(async () => {
  dev = await guardedServer(envFor('development'))
  prod = await guardedServer(envFor('production', { TRUST_PROXY: '1' }))
})
afterAll(async () => {
  await dev?.close()
  await prod?.close()
})

describe('same-origin guard', () => {
  it.each([
    ['Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin' }, 200],
    ['Sec-Fetch-Site: same-site (a sibling host)', { 'sec-fetch-site': 'same-site' }, 403],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }, 403],
    ['Sec-Fetch-Site: none (typed into the address bar)', { 'sec-fetch-site': 'none' }, 403],
    ['cross-site even with our Origin', { 'sec-fetch-site': 'cross-site', origin: APP_URL }, 403],
    ['no Sec-Fetch-Site, our Origin', { origin: APP_URL }, 200],
    ['no Sec-Fetch-Site, another Origin', { origin: 'https://evil.example' }, 403],
    ['no Sec-Fetch-Site, a sibling Origin', { origin: 'https://evil.duopost.example' }, 403],
    ['no Sec-Fetch-Site, Origin null (sandboxed frame)', { origin: 'null' }, 403],
    ['neither header', {}, 403],
  ] as const)('POST /login?_data=routes/login with %s', async (_name, headers, status) => {
    const before = dev.reached.length
    const response = await fetch(`${dev.url}/login?_data=routes/login`, {
      method: 'POST',
      headers,
      body: new URLSearchParams({ email: 'a@b.c' }),
    })
    expect(response.status).toBe(status)
    expect(dev.reached.length - before).toBe(status === 200 ? 1 : 0)
    if (status === 403) expect(await response.text()).toMatch(/did not come from a Duopost page/)
  })

  it.each(['PUT', 'PATCH', 'DELETE', 'OPTIONS'])('refuses a cross-site %s too (Remix would run the action)', async (method) => {
    expect((await fetch(`${dev.url}/settings`, { method, headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403)
  })

  it.each(['/webhooks/meta/deauthorize', '/webhooks/threads/uninstall', '/graphql'])(
    'leaves %s to its own rule (Meta signs webhooks; /graphql has its CSRF check)',
    async (path) => {
      const response = await fetch(`${dev.url}${path}`, { method: 'POST', headers: { 'sec-fetch-site': 'cross-site' }, body: 'x' })
      expect(response.status).toBe(200)
    },
  )

  it('does not exempt paths that only start like an exempt one', async () => {
    expect((await fetch(`${dev.url}/graphqlx`, { method: 'POST', headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403)
    expect((await fetch(`${dev.url}/webhooks`, { method: 'POST', headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403)
  })

  it.each(['/graphql/../login', '/graphql/%2e%2e/login', '/webhooks/../login?_data=routes/login', '/webhooks/%2E%2E/settings'])(
    'judges %s by where it leads, not by how it starts',
    async (path) => {
      const status = await new Promise<number>((resolve, reject) => {
        const request = http.request(`${dev.url}/`, { method: 'POST', path, headers: { 'sec-fetch-site': 'cross-site' } }, (response) => {
          response.resume()
          resolve(response.statusCode!)
        })
        request.on('error', reject)
        request.end()
      })
      expect(status).toBe(403)
    },
  )

  it('lets GET and HEAD through from anywhere (they change nothing)', async () => {
    expect((await fetch(`${dev.url}/dashboard`, { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(200)
    expect((await fetch(`${dev.url}/dashboard`, { method: 'HEAD', headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(200)
  })
})

/** A raw request, so the body can be streamed without Content-Length. */
function rawPost(url: string, path: string, body: Buffer, chunked: boolean): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' }
    if (!chunked) headers['content-length'] = String(body.length)
    const request = http.request(`${url}${path}`, { method: 'POST', headers }, (response) => {
      let text = ''
      response.on('data', (chunk: Buffer) => (text += chunk.toString()))
      response.on('end', () => resolve({ status: response.statusCode!, text }))
    })
    // The server may answer and close before the whole body is sent: that is the point.
    request.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error),
    )
    for (let offset = 0; offset < body.length; offset += 64 * 1024) request.write(body.subarray(offset, offset + 64 * 1024))
    request.end()
  })
}

describe('body limit', () => {
  const big = Buffer.alloc(DEFAULT_BODY_LIMIT_BYTES + 1, 'a')

  it.each([
    ['/login', false],
    ['/login', true],
    ['/webhooks/meta/data-deletion', false],
    ['/webhooks/threads/delete', true],
  ] as const)('answers 413 to more than 1 MiB posted to %s (chunked: %s) and the route never sees it', async (path, chunked) => {
    const before = dev.reached.length
    const response = await rawPost(dev.url, path, big, chunked)
    expect(response.status).toBe(413)
    expect(response.text).toMatch(/Request body too large: the limit is 1024 KiB/)
    expect(dev.reached.length).toBe(before)
  })

  it('passes a body within the limit whole', async () => {
    const response = await rawPost(dev.url, '/login', Buffer.alloc(DEFAULT_BODY_LIMIT_BYTES, 'a'), true)
    expect(response.status).toBe(200)
    expect(dev.reached.at(-1)).toMatchObject({ path: '/login', bodyBytes: DEFAULT_BODY_LIMIT_BYTES })
  })
})

describe('security headers per mode', () => {
  it.each([
    ['development', () => dev],
    ['production', () => prod],
  ] as const)('%s: CSP with a fresh nonce per response, no framing, nosniff, Referrer-Policy, no-store', async (mode, server) => {
    const [first, second] = await Promise.all([fetch(`${server().url}/dashboard`), fetch(`${server().url}/dashboard`)])
    const csp = first.headers.get('content-security-policy')!
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1]
    expect(nonce).toBeTruthy()
    expect(second.headers.get('content-security-policy')).not.toContain(nonce)
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}'`)
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).toContain("base-uri 'none'")
    expect(csp.split(';').find((directive) => directive.startsWith('script-src'))).not.toContain('unsafe-inline')
    expect(first.headers.get('x-frame-options')).toBe('DENY')
    expect(first.headers.get('x-content-type-options')).toBe('nosniff')
    expect(first.headers.get('referrer-policy')).toBe('same-origin')
    expect(first.headers.get('cache-control')).toBe('no-store')
    if (mode === 'production') {
      expect(first.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains')
      expect(csp).toContain('upgrade-insecure-requests')
    } else {
      expect(first.headers.get('strict-transport-security')).toBeNull()
    }
  })

  it("lets forms lead to Meta's consent pages, and nowhere else", async () => {
    const csp = (await fetch(`${prod.url}/dashboard`)).headers.get('content-security-policy')!
    expect(csp).toMatch(/form-action 'self' https:\/\/threads\.net https:\/\/www\.facebook\.com(;|$)/)
  })
})

describe('TRUST_PROXY', () => {
  it.each([
    [undefined, false],
    ['0', false],
    ['false', false],
    ['1', 1],
    ['2', 2],
    ['loopback', 'loopback'],
    ['10.0.0.0/8, 192.168.0.1', '10.0.0.0/8, 192.168.0.1'],
  ] as const)('%j means %j', (value, setting) => {
    expect(trustProxySetting(value)).toEqual(setting)
  })

  it('unset: the socket address is the client, X-Forwarded-For is ignored (anyone could send it)', async () => {
    await fetch(`${dev.url}/x`, { headers: { 'x-forwarded-for': '203.0.113.9' } })
    expect(dev.reached.at(-1)?.ip).toBe('127.0.0.1')
  })

  it('1: the address the one proxy in front saw', async () => {
    await fetch(`${prod.url}/x`, { headers: { 'x-forwarded-for': '198.51.100.1, 203.0.113.9' } })
    expect(prod.reached.at(-1)?.ip).toBe('203.0.113.9')
  })
})
