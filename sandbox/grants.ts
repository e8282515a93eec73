import type { SandboxContext } from './context.ts'
import type { Platform } from './control-types.ts'
import { authorizationCode } from './ids.ts'
import { Store, type AuthCodeRecord, type GrantRecord } from './store.ts'

export interface GrantInput {
  appId: string
  personId: string
  scopes: string[]
  declined?: string[]
  pageIds?: string[]
}

/** Records what the person allowed; a new consent replaces the previous one for that app. */
export function grantAccess(ctx: SandboxContext, input: GrantInput): GrantRecord {
  const grant: GrantRecord = {
    appId: input.appId,
    personId: input.personId,
    scopes: [...new Set(input.scopes)],
    declined: input.declined ?? [],
    pageIds: input.pageIds ?? [],
    grantedAt: ctx.clock.now(),
  }
  ctx.store.grants.set(Store.grantKey(input.appId, input.personId), grant)
  return grant
}

/**
 * The person removes the app: the grant goes, and with it every token issued under it, Page
 * tokens included. They stay dead (190/458) even after a new consent, which issues new tokens.
 */
export function revokeGrant(ctx: SandboxContext, appId: string, personId: string): void {
  ctx.store.grants.delete(Store.grantKey(appId, personId))
  for (const token of ctx.store.tokens.values()) {
    if (token.appId === appId && token.personId === personId && token.invalidSubcode === null) token.invalidSubcode = 458
  }
}

/**
 * One permission taken back: the app keeps the rest, and `/me/permissions` lists this one as
 * declined, as if the person had unticked it on the consent page.
 */
export function revokePermission(ctx: SandboxContext, appId: string, personId: string, permission: string): void {
  const grant = ctx.store.grant(appId, personId)
  if (!grant?.scopes.includes(permission)) return
  grant.scopes = grant.scopes.filter((scope) => scope !== permission)
  grant.declined = [...grant.declined, permission]
}

export function issueCode(ctx: SandboxContext, platform: Platform, appId: string, personId: string, redirectUri: string): AuthCodeRecord {
  const record: AuthCodeRecord = {
    code: authorizationCode(),
    platform,
    appId,
    personId,
    redirectUri,
    issuedAt: ctx.clock.now(),
    usedAt: null,
  }
  ctx.store.codes.set(record.code, record)
  return record
}

export type CodeProblem = 'unknown' | 'used' | 'expired' | 'redirect_mismatch'

export type CodeRedemption = { ok: true; record: AuthCodeRecord } | { ok: false; problem: CodeProblem }

/** Single use: a code is spent by the first exchange that passes every check. */
export function redeemCode(
  ctx: SandboxContext,
  code: string | undefined,
  appId: string,
  redirectUri: string | undefined,
  lifetimeMs: number,
): CodeRedemption {
  const record = code ? ctx.store.codes.get(code) : undefined
  if (!record || record.appId !== appId) return { ok: false, problem: 'unknown' }
  if (record.usedAt !== null) return { ok: false, problem: 'used' }
  if (ctx.clock.now() >= record.issuedAt + lifetimeMs) return { ok: false, problem: 'expired' }
  if (redirectUri !== record.redirectUri) return { ok: false, problem: 'redirect_mismatch' }
  record.usedAt = ctx.clock.now()
  return { ok: true, record }
}
