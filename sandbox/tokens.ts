import { DAY, HOUR } from './clock.ts'
import type { SandboxContext } from './context.ts'
import type { Platform } from './control-types.ts'
import { GraphError, metaError } from './errors.ts'
import { facebookAppToken, facebookToken, threadsAppToken, threadsUserToken } from './ids.ts'
import type { AppRecord, TokenRecord } from './store.ts'

const SHORT_LIVED_MS = HOUR
const LONG_LIVED_MS = 60 * DAY

function userKind(platform: Platform): 'threads_user' | 'fb_user' {
  return platform === 'threads' ? 'threads_user' : 'fb_user'
}

function save(ctx: SandboxContext, token: TokenRecord): TokenRecord {
  ctx.store.tokens.set(token.value, token)
  return token
}

export function issueUserToken(
  ctx: SandboxContext,
  platform: Platform,
  appId: string,
  personId: string,
  lifetime: 'short' | 'long',
): TokenRecord {
  const now = ctx.clock.now()
  return save(ctx, {
    epoch: ctx.store.people.get(personId)?.sessionEpoch ?? 0,
    value: platform === 'threads' ? threadsUserToken() : facebookToken(),
    kind: userKind(platform),
    appId,
    personId,
    pageId: null,
    issuedAt: now,
    expiresAt: now + (lifetime === 'short' ? SHORT_LIVED_MS : LONG_LIVED_MS),
    longLived: lifetime === 'long',
    parent: null,
    invalidSubcode: null,
  })
}

function appToken(app: AppRecord, value: string, issuedAt: number): TokenRecord {
  return {
    epoch: 0,
    value,
    kind: app.platform === 'threads' ? 'threads_app' : 'fb_app',
    appId: app.id,
    personId: null,
    pageId: null,
    issuedAt,
    expiresAt: null,
    longLived: true,
    parent: null,
    invalidSubcode: null,
  }
}

export function issueAppToken(ctx: SandboxContext, app: AppRecord): TokenRecord {
  const value = app.platform === 'threads' ? threadsAppToken(app.id) : facebookAppToken(app.id)
  return save(ctx, appToken(app, value, ctx.clock.now()))
}

/**
 * The Page token Meta derives from a user token: the same one each time it is asked for, never
 * expiring when the user token is long-lived, otherwise expiring with it.
 */
export function pageTokenFor(ctx: SandboxContext, user: TokenRecord, pageId: string): TokenRecord {
  const cacheKey = `${user.value}:${pageId}`
  const cached = ctx.store.pageTokenCache.get(cacheKey)
  const existing = cached ? ctx.store.tokens.get(cached) : undefined
  if (existing) return existing
  const token = save(ctx, {
    epoch: user.epoch,
    value: facebookToken(),
    kind: 'fb_page',
    appId: user.appId,
    personId: user.personId,
    pageId,
    issuedAt: ctx.clock.now(),
    expiresAt: user.longLived ? null : user.expiresAt,
    longLived: user.longLived,
    parent: user.value,
    invalidSubcode: null,
  })
  ctx.store.pageTokenCache.set(cacheKey, token.value)
  return token
}

/** Finds a token, including the `{app-id}|{app-secret}` and `TH|{app-id}|{app-secret}` app tokens. */
export function lookupToken(ctx: SandboxContext, value: string): TokenRecord | undefined {
  const stored = ctx.store.tokens.get(value)
  if (stored) return stored
  const parts = value.split('|')
  const [appId, appSecret] = parts.length === 3 && parts[0] === 'TH' ? parts.slice(1) : parts.length === 2 ? parts : []
  const app = appId ? ctx.store.apps.get(appId) : undefined
  if (!app || app.secret !== appSecret || (parts.length === 3) !== (app.platform === 'threads')) return undefined
  return appToken(app, value, 0)
}

// Meta states expiry in Pacific time: "Session has expired on Friday, 10-Jan-25 12:00:00 PST."
function pacific(ms: number): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/Los_Angeles',
      weekday: 'long',
      day: '2-digit',
      month: 'short',
      year: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    })
      .formatToParts(new Date(ms))
      .map((part) => [part.type, part.value]),
  )
  return `${parts.weekday}, ${parts.day}-${parts.month}-${parts.year} ${parts.hour}:${parts.minute}:${parts.second} ${parts.timeZoneName}`
}

function expiredError(expiresAt: number, now: number): GraphError {
  return metaError(190, 463, {
    message: `Error validating access token: Session has expired on ${pacific(expiresAt)}. The current time is ${pacific(now)}.`,
  })
}

function appNotAuthorized(appId: string): GraphError {
  return metaError(190, 458, { message: `Error validating access token: The user has not authorized application ${appId}.` })
}

/** Why Meta would refuse this token now, or null when it is good. */
export function tokenFailure(ctx: SandboxContext, token: TokenRecord): GraphError | null {
  const now = ctx.clock.now()
  const { store } = ctx
  if (!store.apps.has(token.appId)) return metaError(190)
  if (token.invalidSubcode === 463) return expiredError(Math.min(now, token.expiresAt ?? now), now)
  if (token.invalidSubcode === 458) return appNotAuthorized(token.appId)
  if (token.invalidSubcode !== null) return metaError(190, token.invalidSubcode)
  if (token.personId === null) return null
  const person = store.people.get(token.personId)
  if (!person) return metaError(190)
  if (token.epoch < person.sessionEpoch) return metaError(190, 460)
  if (!store.grant(token.appId, token.personId)) return appNotAuthorized(token.appId)
  if (token.expiresAt !== null && now >= token.expiresAt) return expiredError(token.expiresAt, now)
  if (token.kind === 'fb_page' && !store.pages.get(token.pageId ?? '')?.roles.has(token.personId)) {
    return metaError(190, 492)
  }
  return null
}

export function secondsLeft(ctx: SandboxContext, token: TokenRecord): number {
  return token.expiresAt === null ? 0 : Math.max(0, Math.floor((token.expiresAt - ctx.clock.now()) / 1000))
}

/** The long-lived token Meta issues on an exchange or a refresh, for the same person and app. */
export function issueLongLivedFrom(ctx: SandboxContext, platform: Platform, token: TokenRecord): TokenRecord {
  if (token.personId === null) throw new TypeError('Only user tokens can be exchanged')
  return issueUserToken(ctx, platform, token.appId, token.personId, 'long')
}
