import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll } from 'vitest'

export type Received = { headers: http.IncomingHttpHeaders; body: string }

/** A receiver on a free loopback port that answers with the statuses it is given, then 200. */
async function startReceiver(statuses: number[] = []) {
  const received: Received[] = []
  const server = http.createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
    request.on('end', () => {
      received.push({ headers: request.headers, body })
      response.writeHead(statuses.shift() ?? 200).end('ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/hooks`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

/** Receivers started by a test file, closed after it. */
export function useWebhookReceivers() {
  const receivers: { close(): Promise<void> }[] = []
  afterAll(() => Promise.all(receivers.map((receiver) => receiver.close())))
  return async function withReceiver(statuses: number[] = []) {
    const receiver = await startReceiver(statuses)
    receivers.push(receiver)
    return receiver
  }
}
