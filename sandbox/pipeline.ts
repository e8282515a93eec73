import { setTimeout as sleep } from 'node:timers/promises'
import type { SandboxContext } from './context.ts'
import type { Fault, FaultErrorInput } from './control-types.ts'
import { dispatch, notServed, type Target } from './dispatch.ts'
import { renderError, type RenderedError } from './error-reply.ts'
import { faultError, isRateLimitCode, type GraphError } from './errors.ts'
import { accessTokenOf, type ParsedRequest, type Reply } from './http.ts'
import type { CallContext } from './router.ts'
import { lookupToken } from './tokens.ts'
import { appUsageHeader, bucHeader } from './usage.ts'

/** The Graph version Meta reports for unversioned Facebook calls (the app's default version). */
const DEFAULT_FACEBOOK_VERSION = 'v25.0'

export type Outcome = { kind: 'reply'; reply: Reply } | { kind: 'drop' }

// A rate-limit fault reports the exhausted budget in both of Meta's usage headers.
function throttleHeaders(ctx: SandboxContext, req: ParsedRequest, regainMinutes: number): Record<string, string> {
  const token = lookupToken(ctx, accessTokenOf(req) ?? '')
  return { ...appUsageHeader(100), ...bucHeader(token?.pageId ?? token?.appId ?? 'app', 100, regainMinutes) }
}

function injectedError(ctx: SandboxContext, req: ParsedRequest, input: FaultErrorInput): GraphError {
  const error = faultError(input)
  if (isRateLimitCode(error.fields.code)) Object.assign(error.headers, throttleHeaders(ctx, req, input.regainAccessMinutes ?? 5))
  return error
}

type Answer = { reply: Reply; summary: RenderedError['summary'] | null }

async function handle(target: Target, req: ParsedRequest, call: CallContext): Promise<Answer> {
  try {
    if (!target.match) throw notServed(target, req.method)
    return { reply: await target.match.route.handler(call), summary: null }
  } catch (error) {
    return renderError(error)
  }
}

/** The fault's own answer (an error or a verbatim reply), or null when it has none. */
function injected(ctx: SandboxContext, req: ParsedRequest, fault: Fault | undefined): Answer | null {
  if (fault?.error) return renderError(injectedError(ctx, req, fault.error))
  if (fault?.reply) {
    const { status, body = '', contentType = 'text/html; charset=utf-8' } = fault.reply
    return { reply: { status, headers: { 'content-type': contentType }, body }, summary: null }
  }
  return null
}

/**
 * What the call answers, or null to drop the connection. A fault normally replaces the call; with
 * `afterEffect` the call happens first and only its answer is replaced (or delayed, or dropped).
 */
async function answer(ctx: SandboxContext, req: ParsedRequest, target: Target, fault: Fault | undefined, call: CallContext) {
  if (!fault?.afterEffect) {
    if (fault?.delayMs) await sleep(fault.delayMs)
    if (fault?.drop) return null
    return injected(ctx, req, fault) ?? handle(target, req, call)
  }
  const done = await handle(target, req, call)
  if (fault.delayMs) await sleep(fault.delayMs)
  if (fault.drop) return null
  return injected(ctx, req, fault) ?? done
}

/**
 * One call to a Meta route: latency, injected faults, the handler, usage headers, and an entry in
 * the call log.
 */
export async function handleMetaCall(ctx: SandboxContext, req: ParsedRequest): Promise<Outcome> {
  const receivedAt = new Date(ctx.clock.now()).toISOString()
  const target = dispatch(ctx, req)
  const route = target.match?.route.name ?? null
  if (ctx.config.latencyMs > 0) await sleep(ctx.config.latencyMs)
  const fault = ctx.faults.take({ method: req.method, path: req.url.pathname, route })
  const call: CallContext = {
    ctx,
    req,
    path: target.match?.path ?? {},
    platform: target.platform,
    version: target.version,
    headers: {},
  }
  const outcome = await answer(ctx, req, target, fault, call)
  ctx.journal.record({
    receivedAt,
    at: new Date(ctx.clock.now()).toISOString(),
    method: req.method,
    path: req.url.pathname,
    route,
    platform: target.platform,
    query: req.params.query,
    body: req.params.body,
    files: req.files.map(({ field, filename, contentType, bytes }) => ({ field, filename, contentType, size: bytes.length })),
    status: outcome?.reply.status ?? 0,
    error: outcome?.summary ?? null,
    fault: fault?.id ?? null,
  })
  if (!outcome) return { kind: 'drop' }
  const versionHeader: Record<string, string> =
    target.platform === 'facebook' ? { 'facebook-api-version': target.version ?? DEFAULT_FACEBOOK_VERSION } : {}
  return { kind: 'reply', reply: { ...outcome.reply, headers: { ...versionHeader, ...call.headers, ...outcome.reply.headers } } }
}
