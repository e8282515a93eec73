import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import type { DuopostLoadContext } from '#app/load-context.ts'
import { getEnv } from '#app/.server/env.ts'
import { remixHandler } from '#app/.server/http/remix-handler.ts'
import { cspNonce } from '#app/.server/http/security-headers.ts'
import { headerGuards, requestGuards, trustProxySetting } from '#app/.server/http/web-guards.ts'
import { sameOriginGuard } from '#app/.server/http/same-origin.ts'
import { serveMedia } from '#app/.server/media/serve-media.ts'
import { multipartFormToFields, uploadMediaJson } from '#app/.server/media/upload-handlers.ts'
import { GRAPHQL_ENDPOINT, getServerYoga } from '#graphql/yoga.ts'

export type RunningServer = { url: string; close(): Promise<void> }

/**
 * gzip for everything but server-sent events: compression holds output back to compress it in
 * blocks, which would delay each event of a subscription (postUpdated) until the stream ends.
 */
export function responseCompression() {
  return compression({
    filter: (req, res) => !String(res.getHeader('Content-Type') ?? '').startsWith('text/event-stream') && compression.filter(req, res),
  })
}

/** Serves a production build of the Remix app: hashed assets, public files and every route. */
export async function startHttpServer(options: { buildDir: string; port: number; host?: string }): Promise<RunningServer> {
  const build = (await import(pathToFileURL(path.join(options.buildDir, 'server/index.js')).href)) as ServerBuild
  const env = getEnv()
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', trustProxySetting(env.TRUST_PROXY))
  app.use(headerGuards(env))
  app.use(responseCompression())
  const clientDir = path.join(options.buildDir, 'client')
  // Vite fingerprints everything under assets/, so browsers may keep it for a year.
  app.use('/assets', express.static(path.join(clientDir, 'assets'), { immutable: true, maxAge: '1y' }))
  app.use(express.static(clientDir, { maxAge: '1h' }))
  // Media bypasses Remix: public, cached for good and cookie-free (serve-media.ts); uploads stream
  // into the MediaStore instead of passing the 1 MiB body limit (upload-handlers.ts).
  app.get('/media/:id', serveMedia)
  app.post('/media', sameOriginGuard(env.APP_URL), uploadMediaJson)
  // The API skips Remix: yoga answers from node's request and response with its own fetch
  // implementation, which saves building undici's Request for every call (docs/performance.md).
  // Same guards as every other dynamic request; the Remix route still serves /graphql under Vite.
  const yoga = getServerYoga()
  const graphql: express.RequestHandler = (req, res, next) => {
    Promise.resolve(yoga(req, res, { clientIp: req.ip ?? null })).catch(next)
  }
  app.all(GRAPHQL_ENDPOINT, requestGuards(env), graphql)
  app.all(
    '*',
    sameOriginGuard(env.APP_URL),
    multipartFormToFields(['/dashboard']),
    requestGuards(env),
    remixHandler({
      build,
      mode: env.NODE_ENV === 'production' ? 'production' : 'development',
      loadContext: (req, res): DuopostLoadContext => ({ clientIp: req.ip ?? null, cspNonce: cspNonce(res) }),
    }),
  )
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(options.port, options.host ?? '127.0.0.1', () => resolve(listening))
    listening.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${options.host && options.host !== '0.0.0.0' ? options.host : 'localhost'}:${port}`,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeIdleConnections()
      }),
  }
}
