/**
 * SIGTERM to the app as a supervisor sends it: the whole stop has one deadline (README, scale-out),
 * after which every connection still open is closed. A request whose body never finishes stands for
 * any connection a client keeps open (a `postUpdated` stream, a stalled upload): before the
 * deadline existed, such a connection kept the process alive for as long as the client wished.
 */
import { once } from 'node:events'
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type RunningApp } from './app-process.ts'

/** What the README promises a supervisor: stopped within 30 s of SIGTERM. */
const PROMISED_STOP_MS = 30_000

let app: RunningApp
beforeAll(async () => {
  app = await startApp()
})
afterAll(() => app.stop())

describe('stopping the app', () => {
  it('exits on SIGTERM within the promised time even while a client holds a request open, and closes it', async () => {
    const { port } = new URL(app.url)
    const socket = net.connect(Number(port), '127.0.0.1')
    await once(socket, 'connect')
    const closedByServer = once(socket, 'close')
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: localhost:${port}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":`,
    )
    // The app is serving (the request above is under way on its own connection).
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200)

    app.signal('SIGTERM')
    let timer: NodeJS.Timeout | undefined
    const code = await Promise.race([
      app.exited,
      new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), PROMISED_STOP_MS))),
    ])
    clearTimeout(timer)
    expect(code, app.output()).toBe(0)
    await closedByServer
  })
})
