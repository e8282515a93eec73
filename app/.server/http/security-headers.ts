import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RequestHandler } from 'express'
import helmet from 'helmet'

export type HeaderSettings = {
  production: boolean
  /** APP_URL is https: then the browser is also told to upgrade any http subresource. */
  https: boolean
  /** Where our forms may lead after a redirect: Meta's (or the sandbox's) consent pages. */
  formTargets: string[]
  /** Where images may come from besides https: the sandbox serves them over http. */
  imageOrigins: string[]
}

/** The CSP nonce of this response; Remix's inline scripts carry it (entry.server.tsx, root.tsx). */
export function cspNonce(res: ServerResponse): string {
  return (res as ServerResponse & { locals: { cspNonce: string } }).locals.cspNonce
}

/**
 * Security headers on every response, set before Remix (helmet). The CSP allows our own scripts
 * and Remix's inline ones by a per-response nonce; style attributes (avatar sizes) stay allowed.
 * No page may be framed (clickjacking). HSTS only in production: on a laptop it would pin
 * localhost to https for a year.
 */
export function securityHeaders(settings: HeaderSettings): RequestHandler[] {
  const nonce = (_req: IncomingMessage, res: ServerResponse) => `'nonce-${cspNonce(res)}'`
  const common = {
    xFrameOptions: { action: 'deny' },
    strictTransportSecurity: settings.production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  } as const
  const pages = helmet({
    ...common,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", nonce],
        styleSrc: ["'self'"],
        styleSrcAttr: ["'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'https:', ...settings.imageOrigins],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'", ...settings.formTargets],
        frameAncestors: ["'none'"],
        ...(settings.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
  })
  // GraphiQL (outside production) is yoga's page with its own inline scripts; /graphql answers
  // are JSON or event streams otherwise, which a CSP does not protect.
  const graphql = helmet({ ...common, contentSecurityPolicy: false })
  return [
    (_req, res, next) => {
      res.locals.cspNonce = randomBytes(16).toString('base64')
      next()
    },
    (req, res, next) => (req.path === '/graphql' ? graphql : pages)(req, res, next),
  ]
}

/**
 * Pages and API answers are per person: no browser or shared cache may keep them (a signed-in
 * page left in the back/forward cache or a proxy would show it to the next person). Mounted after
 * the static files, which keep their own caching.
 */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store')
  next()
}
