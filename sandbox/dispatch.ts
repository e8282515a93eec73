import type { SandboxContext } from './context.ts'
import type { Platform } from './control-types.ts'
import { nonexistingField, unsupportedRequest, type GraphError } from './errors.ts'
import { facebookRoutes } from './facebook/routes.ts'
import { accessTokenOf, pathSegments, type ParsedRequest } from './http.ts'
import { matchRoute, type RouteMatch } from './router.ts'
import { threadsRoutes } from './threads/routes.ts'

export interface Target {
  platform: Platform
  version: string | null
  segments: string[]
  match: RouteMatch | null
}

const VERSION = /^v\d+\.\d+$/

/**
 * Both hosts share one port. A version prefix decides (`v1.0` is Threads, any other `vNN.0` is
 * Facebook); without one, the Threads-only token and dialog paths are Threads, `dialog/oauth` is
 * Facebook, `oauth/access_token` follows its `client_id`, and anything else follows the token:
 * Threads tokens start with `TH`.
 */
function platformOf(ctx: SandboxContext, req: ParsedRequest, segments: string[]): { platform: Platform; version: string | null } {
  const [first] = segments
  if (first && VERSION.test(first)) return { platform: first === 'v1.0' ? 'threads' : 'facebook', version: first }
  const path = segments.join('/')
  if (path === 'oauth/authorize' || path === 'access_token' || path === 'refresh_access_token')
    return { platform: 'threads', version: null }
  if (path === 'dialog/oauth') return { platform: 'facebook', version: null }
  if (path === 'oauth/access_token') {
    return { platform: ctx.store.apps.get(req.params.get('client_id') ?? '')?.platform ?? 'threads', version: null }
  }
  return { platform: accessTokenOf(req)?.startsWith('TH') ? 'threads' : 'facebook', version: null }
}

export function dispatch(ctx: SandboxContext, req: ParsedRequest): Target {
  const all = pathSegments(req.url.pathname)
  const { platform, version } = platformOf(ctx, req, all)
  const segments = version ? all.slice(1) : all
  const routes = platform === 'threads' ? threadsRoutes : facebookRoutes
  return { platform, version, segments, match: matchRoute(routes, req.method, segments) }
}

/** What Meta answers for a path it does not serve. */
export function notServed(target: Target, method: string): GraphError {
  const last = target.segments[target.segments.length - 1] ?? '/'
  return target.segments.length > 1 ? nonexistingField(target.platform, last, 'Node') : unsupportedRequest(target.platform, method, last)
}
