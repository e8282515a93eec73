import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createContext, type SandboxContext } from './context.ts'
import { controlReply } from './control.ts'
import { renderError } from './error-reply.ts'
import { invalidParameter } from './errors.ts'
import { viewReply } from './html/views.ts'
import { json, parseRequest, type Reply } from './http.ts'
import { handleMetaCall } from './pipeline.ts'

export interface SandboxOptions {
  /** 0 picks a free port. Defaults to 4010. */
  port?: number
  /** Defaults to 127.0.0.1. */
  host?: string
  /** Added to every Meta API call; the control API can change it later. */
  latencyMs?: number
}

export interface RunningSandbox {
  url: string
  port: number
  close(): Promise<void>
}

export const DEFAULT_PORT = 4010

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { 'cache-control': 'no-store', ...reply.headers })
  res.end(reply.body)
}

function isControlPath(path: string): boolean {
  return path === '/__sandbox' || path.startsWith('/__sandbox/') || path.startsWith('/__sandbox?')
}

async function serve(ctx: SandboxContext, raw: IncomingMessage, res: ServerResponse): Promise<void> {
  let req
  try {
    req = await parseRequest(raw)
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error
    const message = 'The request body is not valid JSON'
    send(
      res,
      isControlPath(raw.url ?? '') ? json(400, { error: message }) : renderError(invalidParameter('facebook', `(#100) ${message}`)).reply,
    )
    return
  }
  const path = req.url.pathname
  if (isControlPath(path)) return send(res, await controlReply(ctx, req))
  if (path === '/' || path.startsWith('/view/')) return send(res, viewReply(ctx, req))
  if (path === '/favicon.ico') return send(res, { status: 204, headers: {}, body: '' })
  const outcome = await handleMetaCall(ctx, req)
  // A dropped call closes the connection without a byte of answer, like a network failure.
  if (outcome.kind === 'drop') res.destroy()
  else send(res, outcome.reply)
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost'
  return host.includes(':') ? `[${host}]` : host
}

/** Starts one sandbox with its own in-memory state. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const ctx = createContext(options.latencyMs ?? 0)
  const host = options.host ?? '127.0.0.1'
  const server = createServer((req, res) => {
    serve(ctx, req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, renderError(error).reply)
      else res.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${urlHost(host)}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}
