import type { RequestHandler } from 'express'

/** Paths that change state without a browser session of ours: Meta signs its webhooks, and /graphql has its own CSRF rule. */
const EXEMPT = [/^\/webhooks\//, /^\/graphql$/]

// Remix runs the action for any other method (OPTIONS included), so only these may skip the check.
const SAFE_METHODS = new Set(['GET', 'HEAD'])

/**
 * Whether a state-changing request was sent by one of our own pages. Browsers set Sec-Fetch-Site
 * on every request and a page cannot forge it; older browsers that lack it still send Origin on
 * every POST. A request with neither is not from a browser (a browser is what CSRF abuses), but
 * nothing here needs such clients, so it is refused too.
 */
export function isSameOrigin(headers: { secFetchSite?: string; origin?: string }, appOrigin: string): boolean {
  if (headers.secFetchSite) return headers.secFetchSite === 'same-origin'
  return headers.origin === appOrigin
}

/**
 * Refuses with 403 every non-GET/HEAD request to the web app that did not come from its own origin
 * (login CSRF, CSRF through Remix's `?_data=` requests, same-site sibling hosts). It runs before
 * Remix so that no route can forget it and no Remix behaviour is relied on.
 */
export function sameOriginGuard(appUrl: string): RequestHandler {
  const appOrigin = new URL(appUrl).origin
  return (req, res, next) => {
    // Judged on the path as Remix will see it: "/graphql/../login" is /login.
    const path = new URL(req.originalUrl, 'http://duopost.invalid').pathname
    if (SAFE_METHODS.has(req.method) || EXEMPT.some((pattern) => pattern.test(path))) return next()
    const from = { secFetchSite: req.get('sec-fetch-site'), origin: req.get('origin') }
    if (isSameOrigin(from, appOrigin)) return next()
    res
      .status(403)
      .type('text/plain')
      .send(
        `Refused: this request did not come from a Duopost page (${from.secFetchSite ? `Sec-Fetch-Site: ${from.secFetchSite}` : `Origin: ${from.origin ?? 'none'}`}). Open ${appOrigin} and try again from there.`,
      )
  }
}
