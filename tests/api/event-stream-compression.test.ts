import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { responseCompression } from '#app/.server/http-server.ts'
import { listen } from './helpers.ts'

/** The production server's compression in front of a stream that sends one event, then ends later. */
const app = express()
app.use(responseCompression())
app.get('/events', (_req, res) => {
  res.setHeader('content-type', 'text/event-stream')
  res.write('event: next\ndata: {}\n\n')
  setTimeout(() => res.end('event: complete\ndata:\n\n'), 2000)
})
app.get('/page', (_req, res) => {
  res.setHeader('content-type', 'text/html')
  res.end('<p>compress me</p>'.repeat(200))
})

let server: Awaited<ReturnType<typeof listen>>
beforeAll(async () => {
  server = await listen(app)
})
afterAll(() => server.close())

describe('response compression', () => {
  it('lets each server-sent event through at once, even to a client that accepts gzip', async () => {
    const started = Date.now()
    const response = await fetch(`${server.url}/events`, { headers: { accept: 'text/event-stream', 'accept-encoding': 'gzip' } })
    expect(response.headers.get('content-encoding')).toBeNull()
    const first = await response.body!.getReader().read()
    expect(new TextDecoder().decode(first.value)).toContain('event: next')
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('still compresses pages', async () => {
    const response = await fetch(`${server.url}/page`, { headers: { 'accept-encoding': 'gzip' } })
    expect(response.headers.get('content-encoding')).toBe('gzip')
  })
})
