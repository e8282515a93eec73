import type { Platform, TargetErrorAction, TargetErrorKind } from '#prisma/generated/client/enums.ts'
import { fallbackRule, ruleFor, waitFor } from './meta-error-rules.ts'
import { isRecord } from './meta-json.ts'
import { PLATFORM_NAME } from './platform-name.ts'
import { redact } from './redact.ts'
import { parseUsage, type MetaUsage } from './usage.ts'

// What went wrong in a call to Meta, in terms the rest of Duopost acts on (meta-api.md §3.2,
// security checklist RL-05). Nothing outside platforms/ reads Meta's codes; it reads `kind`
// (what a job does next), `action` (what a person can do) and `userMessage` (what to tell them).

/**
 * What the caller does next: retry with backoff, re-schedule, stop until reconnected, or give up.
 * Stored as a target's `errorKind`, so the database enum is the list.
 */
export type MetaErrorKind = TargetErrorKind

/** What a person can do about it. `fix_account`: sort something out on Facebook or Threads itself. */
export type MetaErrorAction = TargetErrorAction

export type MetaErrorReason =
  | 'unreachable'
  | 'server_error'
  | 'temporary'
  | 'not_ready'
  | 'app_rate_limit'
  | 'user_rate_limit'
  | 'business_rate_limit'
  | 'rate_limit'
  | 'temporarily_blocked'
  | 'token_invalid'
  | 'token_expired'
  | 'password_changed'
  | 'app_removed'
  | 'account_checkpoint'
  | 'page_role_lost'
  | 'permission_missing'
  | 'page_task_missing'
  | 'not_visible'
  | 'object_missing'
  | 'authorization_failed'
  | 'app_misconfigured'
  | 'app_capability'
  | 'account_restricted'
  | 'invalid_request'
  | 'duplicate_post'
  | 'link_rejected'
  | 'unexpected_response'
  | 'unknown'

export interface MetaFailure {
  kind: MetaErrorKind
  reason: MetaErrorReason
  action: MetaErrorAction
  /** Plain words for the person whose account this is; never contains a credential. */
  userMessage: string
  /** For logs: Meta's own message or the network failure (MetaApiError scrubs credentials from it). */
  detail: string
  /** Meta's own words for the person (`error_user_title`, `error_user_msg`), localized, when it sent them. */
  metaUserTitle?: string
  metaUserMessage?: string
  /** Meta's own message, as a person reads it beside `userMessage`: its words for them, else its error message. */
  metaMessage?: string
  /** Set for rate limits (Meta's estimate, or a cautious default) and when Meta sent Retry-After. */
  retryAfterSeconds?: number
  httpStatus?: number
  code?: number
  subcode?: number
  type?: string
  /** Meta's trace id; support asks for it, and it expires quickly. */
  fbtraceId?: string
  usage?: MetaUsage
}

/** Meta's Graph error object, or the flat shape the Threads code exchange uses (meta-api.md §1.3). */
export interface MetaErrorBody {
  message: string
  type?: string
  code?: number
  subcode?: number
  isTransient?: boolean
  userTitle?: string
  userMessage?: string
  fbtraceId?: string
  flat: boolean
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

function integer(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value
  return typeof number === 'number' && Number.isInteger(number) ? number : undefined
}

export function parseMetaErrorBody(body: unknown): MetaErrorBody | undefined {
  if (!isRecord(body)) return undefined
  const graph = body.error
  if (isRecord(graph)) {
    return {
      message: text(graph.message) ?? 'no message',
      type: text(graph.type),
      code: integer(graph.code),
      subcode: integer(graph.error_subcode),
      isTransient: typeof graph.is_transient === 'boolean' ? graph.is_transient : undefined,
      userTitle: text(graph.error_user_title),
      userMessage: text(graph.error_user_msg),
      fbtraceId: text(graph.fbtrace_id),
      flat: false,
    }
  }
  // Keyed on the type, not on `error_message`: a Threads container's status carries that field too.
  const flatType = text(body.error_type) ?? text(body.error)
  if (flatType === undefined) return undefined
  return {
    message: text(body.error_message) ?? text(body.error_description) ?? 'no message',
    type: flatType,
    code: integer(body.code),
    flat: true,
  }
}

function withReference(message: string, fbtraceId: string | undefined): string {
  return fbtraceId ? `${message} (Meta reference: ${fbtraceId})` : message
}

/** Classifies an HTTP answer from Meta that was an error (a non-2xx status or an error body). */
export function classifyMetaResponse(input: {
  platform: Platform
  status: number
  body: unknown
  headers: Pick<Headers, 'get'>
}): MetaFailure {
  const error = parseMetaErrorBody(input.body)
  const chosen = (error && ruleFor(error)) ?? fallbackRule(input.status, error)
  const usage = parseUsage(input.headers)
  const retryAfterSeconds = usage.retryAfterSeconds ?? waitFor(chosen)
  const userMessage =
    chosen.kind === 'permanent'
      ? withReference(chosen.message(PLATFORM_NAME[input.platform]), error?.fbtraceId)
      : chosen.message(PLATFORM_NAME[input.platform])
  return {
    kind: chosen.kind,
    reason: chosen.reason,
    action: chosen.action,
    userMessage,
    detail: error ? error.message : `HTTP ${input.status} without a Meta error body`,
    metaUserTitle: error?.userTitle,
    metaUserMessage: error?.userMessage,
    metaMessage: error ? (error.userMessage ?? error.message) : undefined,
    retryAfterSeconds,
    httpStatus: input.status,
    code: error?.code,
    subcode: error?.subcode,
    type: error?.type,
    fbtraceId: error?.fbtraceId,
    usage,
  }
}

/** No usable answer at all: refused, reset, DNS failure, timeout, or a body cut off mid-way. */
export function classifyNetworkFailure(platform: Platform, detail: string): MetaFailure {
  return {
    kind: 'transient',
    reason: 'unreachable',
    action: 'retry',
    userMessage: `Duopost could not reach ${PLATFORM_NAME[platform]}. This is usually brief; Duopost will try again.`,
    detail,
  }
}

/** A 2xx answer Duopost cannot read: retrying the same call will not make it readable. */
export function classifyUnexpectedResponse(platform: Platform, status: number, detail: string): MetaFailure {
  return {
    kind: 'permanent',
    reason: 'unexpected_response',
    action: 'contact_support',
    userMessage: `${PLATFORM_NAME[platform]} answered in a way Duopost does not understand. If it keeps happening, contact support.`,
    detail,
    httpStatus: status,
  }
}

/** A failed call to Meta. `message` names the call by method and path only, never its query or body. */
export class MetaApiError extends Error {
  override name = 'MetaApiError'
  readonly failure: MetaFailure

  /** `secrets`: values the failed request carried, scrubbed from Meta's texts along with token shapes. */
  constructor(request: { platform: Platform; method: string; path: string }, unsafe: MetaFailure, secrets: readonly string[] = []) {
    const failure = {
      ...unsafe,
      detail: redact(unsafe.detail, secrets),
      metaUserMessage: unsafe.metaUserMessage && redact(unsafe.metaUserMessage, secrets),
      metaMessage: unsafe.metaMessage && redact(unsafe.metaMessage, secrets),
    }
    const codes = [failure.code, failure.subcode].filter((c) => c !== undefined).join('/')
    const facts = [`${failure.kind}/${failure.reason}`, codes && `code ${codes}`, failure.fbtraceId && `fbtrace_id ${failure.fbtraceId}`]
    super(
      `${PLATFORM_NAME[request.platform]} ${request.method} ${request.path} failed: ${failure.detail} [${facts.filter(Boolean).join(', ')}]`,
    )
    this.failure = failure
  }

  get kind(): MetaErrorKind {
    return this.failure.kind
  }

  get userMessage(): string {
    return this.failure.userMessage
  }
}
