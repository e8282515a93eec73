import { DAY, HOUR, MINUTE, SECOND } from './clock.ts'
import { fireCallback } from './callbacks.ts'
import { applyConfig, resetContext, type SandboxContext } from './context.ts'
import type {
  AppInput,
  AppPatch,
  BusinessInput,
  CallbackInput,
  CallFilter,
  ClockState,
  CodeInput,
  ConfigPatch,
  DurationInput,
  FaultInput,
  InvalidateInput,
  IssuedCode,
  IssuedToken,
  MediaRuleInput,
  PageInput,
  PersonInput,
  Platform,
  PostFilter,
  RouteName,
  SandboxState,
  TokenInput,
} from './control-types.ts'
import { ControlError } from './control-error.ts'
import {
  addBusiness,
  addPages,
  createPerson,
  publicApp,
  publicPerson,
  registerApp,
  requireApp,
  requirePerson,
  updateApp,
} from './directory.ts'
import { grantAccess, issueCode } from './grants.ts'
import { bytes, json, pathSegments, type ParsedRequest, type Reply } from './http.ts'
import { localId } from './ids.ts'
import { invalidate } from './invalidate.ts'
import { listPosts } from './post-log.ts'
import { matchRoute, route } from './router.ts'
import { SAMPLE_MEDIA } from './sample-media.ts'
import { ALL_THREADS_SCOPES, DEFAULT_FACEBOOK_SCOPES } from './scopes.ts'
import type { AppRecord, PersonRecord, TokenRecord } from './store.ts'
import { issueUserToken, pageTokenFor } from './tokens.ts'

type ControlHandler = (ctx: SandboxContext, req: ParsedRequest, path: Record<string, string>) => Reply | Promise<Reply>

function body<T>(req: ParsedRequest): T {
  if (req.json === undefined || req.json === null || typeof req.json !== 'object' || Array.isArray(req.json)) {
    throw new ControlError('Send a JSON object body (content-type: application/json)')
  }
  return req.json as T
}

const ok = (value: unknown = { ok: true }) => json(200, value)

function clockState(ctx: SandboxContext): ClockState {
  const nowMs = ctx.clock.now()
  return { now: new Date(nowMs).toISOString(), nowMs, offsetMs: ctx.clock.offsetMs }
}

function durationMs(input: DurationInput): number {
  const ms =
    (input.ms ?? 0) + (input.seconds ?? 0) * SECOND + (input.minutes ?? 0) * MINUTE + (input.hours ?? 0) * HOUR + (input.days ?? 0) * DAY
  if (!Number.isFinite(ms) || ms < 0) throw new ControlError('The sandbox clock only moves forward')
  return ms
}

function defaultScopes(platform: Platform): string[] {
  return platform === 'threads' ? ALL_THREADS_SCOPES : DEFAULT_FACEBOOK_SCOPES
}

/** Stands in for the consent page: records the grant the person would have given. */
function consent(ctx: SandboxContext, input: CodeInput | TokenInput): { app: AppRecord; person: PersonRecord } {
  const app = requireApp(ctx, input.appId)
  const person = requirePerson(ctx, input.personId)
  if (app.platform === 'threads' && !ctx.store.profileOfPerson(person.id)) throw new ControlError(`${person.name} has no Threads profile`)
  const ownPages = ctx.store.pagesOfPerson(person.id).map((page) => page.id)
  const pageIds = input.pageIds ?? ('pageId' in input && input.pageId ? [input.pageId] : ownPages)
  const foreign = pageIds.find((id) => !ownPages.includes(id))
  if (foreign !== undefined) throw new ControlError(`${person.name} has no role on Page ${foreign}`)
  grantAccess(ctx, { appId: app.id, personId: person.id, scopes: input.scopes ?? defaultScopes(app.platform), pageIds })
  return { app, person }
}

function issuedToken(ctx: SandboxContext, token: TokenRecord, user: TokenRecord): IssuedToken {
  const threadsId = token.kind === 'threads_user' ? ctx.store.profileOfPerson(token.personId ?? '')?.id : undefined
  return {
    accessToken: token.value,
    kind: token.kind as IssuedToken['kind'],
    userId: threadsId ?? token.personId ?? '',
    pageId: token.pageId,
    issuedAt: new Date(token.issuedAt).toISOString(),
    expiresAt: token.expiresAt === null ? null : new Date(token.expiresAt).toISOString(),
    userAccessToken: token === user ? null : user.value,
  }
}

function state(ctx: SandboxContext, origin: string): SandboxState {
  return {
    clock: clockState(ctx),
    config: ctx.config,
    signedInPersonId: ctx.store.signedInPersonId,
    apps: [...ctx.store.apps.values()].map(publicApp),
    people: [...ctx.store.people.values()].map((person) => publicPerson(ctx, person, origin)),
    faults: ctx.faults.list(),
    mediaRules: ctx.store.mediaRules,
  }
}

const CONTROL_ROUTES = [
  route<ControlHandler, string>('state', 'GET', '', (ctx, req) => ok(state(ctx, req.origin))),
  route<ControlHandler, string>('reset', 'POST', 'reset', (ctx) => {
    resetContext(ctx)
    return ok()
  }),
  route<ControlHandler, string>('apps', 'GET', 'apps', (ctx) => ok([...ctx.store.apps.values()].map(publicApp))),
  route<ControlHandler, string>('register app', 'POST', 'apps', (ctx, req) => ok(publicApp(registerApp(ctx, body<AppInput>(req))))),
  route<ControlHandler, string>('update app', 'PATCH', 'apps/:id', (ctx, req, path) =>
    ok(publicApp(updateApp(requireApp(ctx, path.id), body<AppPatch>(req)))),
  ),
  route<ControlHandler, string>('people', 'GET', 'people', (ctx, req) =>
    ok([...ctx.store.people.values()].map((person) => publicPerson(ctx, person, req.origin))),
  ),
  route<ControlHandler, string>('create person', 'POST', 'people', (ctx, req) =>
    ok(publicPerson(ctx, createPerson(ctx, body<PersonInput>(req)), req.origin)),
  ),
  route<ControlHandler, string>('add pages', 'POST', 'people/:id/pages', (ctx, req, path) => {
    const input = body<{ pages: number | PageInput[] }>(req)
    addPages(ctx, path.id ?? '', input.pages)
    return ok(publicPerson(ctx, requirePerson(ctx, path.id), req.origin))
  }),
  route<ControlHandler, string>('add business', 'POST', 'people/:id/businesses', (ctx, req, path) => {
    addBusiness(ctx, path.id ?? '', body<BusinessInput>(req))
    return ok(publicPerson(ctx, requirePerson(ctx, path.id), req.origin))
  }),
  route<ControlHandler, string>('sign in', 'PUT', 'session', (ctx, req) => {
    const { personId } = body<{ personId: string | null }>(req)
    ctx.store.signedInPersonId = personId === null ? null : requirePerson(ctx, personId).id
    return ok({ signedInPersonId: ctx.store.signedInPersonId })
  }),
  route<ControlHandler, string>('issue code', 'POST', 'codes', (ctx, req) => {
    const input = body<CodeInput>(req)
    const { app, person } = consent(ctx, input)
    const redirectUri = input.redirectUri ?? app.redirectUris[0] ?? ''
    if (!app.redirectUris.includes(redirectUri)) throw new ControlError(`${redirectUri} is not a redirect URI of app ${app.id}`)
    const issued: IssuedCode = { code: issueCode(ctx, app.platform, app.id, person.id, redirectUri).code, redirectUri }
    return ok(issued)
  }),
  route<ControlHandler, string>('issue token', 'POST', 'tokens', (ctx, req) => {
    const input = body<TokenInput>(req)
    const { app, person } = consent(ctx, input)
    const user = issueUserToken(ctx, app.platform, app.id, person.id, input.lifetime ?? 'long')
    if (input.pageId === undefined) return ok(issuedToken(ctx, user, user))
    if (app.platform !== 'facebook') throw new ControlError('pageId is for Facebook apps')
    return ok(issuedToken(ctx, pageTokenFor(ctx, user, input.pageId), user))
  }),
  route<ControlHandler, string>('invalidate', 'POST', 'tokens/invalidate', (ctx, req) => {
    invalidate(ctx, body<InvalidateInput>(req))
    return ok()
  }),
  route<ControlHandler, string>('clock', 'GET', 'clock', (ctx) => ok(clockState(ctx))),
  route<ControlHandler, string>('advance clock', 'POST', 'clock/advance', (ctx, req) => {
    ctx.clock.advance(durationMs(body<DurationInput>(req)))
    return ok(clockState(ctx))
  }),
  route<ControlHandler, string>('config', 'GET', 'config', (ctx) => ok(ctx.config)),
  route<ControlHandler, string>('configure', 'PATCH', 'config', (ctx, req) => {
    applyConfig(ctx, body<ConfigPatch>(req))
    return ok(ctx.config)
  }),
  route<ControlHandler, string>('faults', 'GET', 'faults', (ctx) => ok(ctx.faults.list())),
  route<ControlHandler, string>('inject fault', 'POST', 'faults', (ctx, req) => ok(ctx.faults.add(body<FaultInput>(req)))),
  route<ControlHandler, string>('clear faults', 'DELETE', 'faults', (ctx) => {
    ctx.faults.clear()
    return ok()
  }),
  route<ControlHandler, string>('media rules', 'GET', 'media-rules', (ctx) => ok(ctx.store.mediaRules)),
  route<ControlHandler, string>('add media rule', 'POST', 'media-rules', (ctx, req) => {
    const input = body<MediaRuleInput>(req)
    if (!input.match) throw new ControlError('match is required')
    const rule = { ...input, id: localId('rule') }
    ctx.store.mediaRules.push(rule)
    return ok(rule)
  }),
  route<ControlHandler, string>('clear media rules', 'DELETE', 'media-rules', (ctx) => {
    ctx.store.mediaRules = []
    return ok()
  }),
  route<ControlHandler, string>('calls', 'GET', 'calls', (ctx, req) => {
    const filter: CallFilter = {}
    const routeName = req.params.get('route')
    if (routeName) filter.route = routeName as RouteName
    const method = req.params.get('method')
    if (method) filter.method = method
    const pathContains = req.params.get('pathContains')
    if (pathContains) filter.pathContains = pathContains
    return ok(ctx.journal.list(filter))
  }),
  route<ControlHandler, string>('clear calls', 'DELETE', 'calls', (ctx) => {
    ctx.journal.clear()
    return ok()
  }),
  route<ControlHandler, string>('posts', 'GET', 'posts', (ctx, req) => {
    const filter: PostFilter = {}
    const platform = req.params.get('platform')
    if (platform === 'threads' || platform === 'facebook') filter.platform = platform
    const targetId = req.params.get('targetId')
    if (targetId) filter.targetId = targetId
    return ok(listPosts(ctx, req.origin, filter))
  }),
  route<ControlHandler, string>('fire callback', 'POST', 'callbacks', async (ctx, req) =>
    ok(await fireCallback(ctx, body<CallbackInput>(req))),
  ),
  route<ControlHandler, string>('sample media', 'GET', 'media/:name', (_ctx, _req, path) => {
    const media = SAMPLE_MEDIA[path.name ?? '']
    if (!media) throw new ControlError(`No sample media ${path.name ?? ''}; there is ${Object.keys(SAMPLE_MEDIA).join(', ')}`, 404)
    return bytes(media.contentType, media.bytes)
  }),
]

/** `/__sandbox/...`: the JSON API tests and demos use to arrange and inspect the sandbox. */
export async function controlReply(ctx: SandboxContext, req: ParsedRequest): Promise<Reply> {
  const match = matchRoute(CONTROL_ROUTES, req.method, pathSegments(req.url.pathname).slice(1))
  try {
    if (!match) throw new ControlError(`No control route ${req.method} ${req.url.pathname}`, 404)
    return await match.route.handler(ctx, req, match.path)
  } catch (error) {
    if (error instanceof ControlError) return json(error.status, { error: error.message })
    throw error
  }
}
