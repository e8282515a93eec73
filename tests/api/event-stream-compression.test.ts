import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { responseCompression } from '#server/http-server.ts'
import { listen } from './helpers.ts'

/**
 * The production server's compression in front of a stream that sends one event and ends only
 * when the test says so: a compressor that held events back would leave the first read waiting.
 */
let endStream = () => {}
const app = express()
app.use(responseCompression())
app.get('/events', (_req, res) => {
  res.setHeader('content-type', 'text/event-stream')
  res.write('event: next\ndata: {}\n\n')
  endStream = () => res.end('event: complete\ndata:\n\n')
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
  it('lets each server-sent event through at once, even to a client that accepts gzip', { timeout: 5000 }, async () => {
    const response = await fetch(`${server.url}/events`, { headers: { accept: 'text/event-stream', 'accept-encoding': 'gzip' } })
    expect(response.headers.get('content-encoding')).toBeNull()
    const reader = response.body!.getReader()
    const first = await reader.read()
    expect(new TextDecoder().decode(first.value)).toContain('event: next')
    endStream()
    await reader.cancel()
  })

  it('still compresses pages', async () => {
    const response = await fetch(`${server.url}/page`, { headers: { 'accept-encoding': 'gzip' } })
    expect(response.headers.get('content-encoding')).toBe('gzip')
  })
})
