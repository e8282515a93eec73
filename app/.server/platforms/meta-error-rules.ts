import type { MetaErrorAction, MetaErrorBody, MetaErrorKind, MetaErrorReason } from './meta-error.ts'

// meta-api.md §3.2 as data: what each Meta error code means for Duopost, and what to tell the
// person. Classified by code, never by `type` (Meta sends OAuthException for throttling too).

export interface Rule {
  kind: MetaErrorKind
  reason: MetaErrorReason
  action: MetaErrorAction
  /** The message for a person, given the platform's name (PLATFORM_NAME). */
  message: (platformName: string) => string
}

function rule(kind: MetaErrorKind, reason: MetaErrorReason, action: MetaErrorAction, message: Rule['message']): Rule {
  return { kind, reason, action, message }
}

const temporary = rule('transient', 'temporary', 'retry', (p) => `${p} had a temporary problem. Duopost will try again shortly.`)
const reconnect = (reason: MetaErrorReason, why: (p: string) => string) =>
  rule('reconnect', reason, 'reconnect', (p) => `${why(p)} Reconnect the ${p} account to keep posting.`)
const rateLimit = (reason: MetaErrorReason) =>
  rule('rate_limited', reason, 'wait', (p) => `${p} is limiting how often Duopost may call it. Duopost will wait and try again.`)
const tokenInvalid = reconnect('token_invalid', (p) => `${p} no longer accepts Duopost’s access to this account.`)
const permissionMissing = rule(
  'reconnect',
  'permission_missing',
  'reconnect',
  (p) => `Duopost is missing a ${p} permission it needs. Reconnect the account and allow every permission it asks for.`,
)
const businessRateLimit = rateLimit('business_rate_limit')
const linkRejected = rule(
  'permanent',
  'link_rejected',
  'edit',
  (p) => `${p} could not use the link in this post. Check that the address is right and publicly reachable.`,
)
const authorizationFailed = rule(
  'reconnect',
  'authorization_failed',
  'reconnect',
  (p) => `${p} did not accept the sign-in. Start connecting the account again.`,
)
const appMisconfigured = rule(
  'permanent',
  'app_misconfigured',
  'contact_support',
  (p) => `Duopost is not set up correctly for ${p}. Ask whoever runs Duopost to check its Meta app id, secret and redirect address.`,
)
const accountCheckpoint = (message: Rule['message']) => rule('reconnect', 'account_checkpoint', 'fix_account', message)

/** `code/subcode` first, then `code`: the more specific match wins. */
const RULES: ReadonlyMap<string, Rule> = new Map([
  ['1', temporary],
  ['2', temporary],
  [
    '3',
    rule(
      'permanent',
      'app_capability',
      'contact_support',
      (p) => `The Duopost app is not allowed to do this on ${p}. Ask whoever runs Duopost to check the Meta app’s settings.`,
    ),
  ],
  ['4', rateLimit('app_rate_limit')],
  ['17', rateLimit('user_rate_limit')],
  ['32', businessRateLimit],
  ['341', rateLimit('app_rate_limit')],
  ['613', rateLimit('rate_limit')],
  ['80001', businessRateLimit],
  [
    '368',
    rule(
      'rate_limited',
      'temporarily_blocked',
      'wait',
      (p) =>
        `${p} has temporarily blocked this account from this action, usually for activity it considers spam. ` +
        'Duopost will wait before trying again, because trying sooner makes the block last longer.',
    ),
  ],
  [
    '100',
    rule(
      'permanent',
      'invalid_request',
      'edit',
      (p) => `${p} rejected the request as invalid. Check the post’s text, links and media, then try again.`,
    ),
  ],
  // "Object with ID … does not exist, cannot be loaded due to missing permissions, or does not
  // support this operation": for a post the account made itself, it was deleted.
  [
    '100/33',
    rule(
      'permanent',
      'object_missing',
      'fix_account',
      (p) => `${p} says this post no longer exists, or this account can no longer see it. Check it on ${p}.`,
    ),
  ],
  ['101', appMisconfigured],
  // The sign-in codes of Facebook's code exchange: expired, redirect_uri mismatch, already used.
  ['100/36007', authorizationFailed],
  ['100/36008', appMisconfigured],
  ['100/36009', authorizationFailed],
  ['102', tokenInvalid],
  ['190', tokenInvalid],
  ['190/458', reconnect('app_removed', (p) => `Duopost was removed from the apps allowed on this ${p} account.`)],
  [
    '190/459',
    accountCheckpoint(
      (p) => `${p} wants you to log in on its website and complete a security check. Then try again, or reconnect if it still fails.`,
    ),
  ],
  ['190/460', reconnect('password_changed', (p) => `The ${p} password was changed, which ends Duopost’s access.`)],
  ['190/463', reconnect('token_expired', (p) => `Duopost’s access to this ${p} account has expired.`)],
  ['190/464', accountCheckpoint((p) => `${p} says this account is not confirmed yet. Finish confirming it on ${p}, then reconnect it.`)],
  ['190/467', tokenInvalid],
  [
    '190/492',
    rule(
      'reconnect',
      'page_role_lost',
      'fix_account',
      () =>
        'You no longer have a role on this Facebook Page that lets you post. Ask a Page admin to give it back, then reconnect the Page.',
    ),
  ],
  [
    '506',
    rule(
      'permanent',
      'duplicate_post',
      'edit',
      (p) => `${p} rejected this post because it repeats the previous one word for word. Change the text and try again.`,
    ),
  ],
  ['1609005', linkRejected],
  // Threads: publishing a container before it is FINISHED (fbsamples/threads_api#26, #70).
  ['24/4279009', rule('transient', 'not_ready', 'retry', () => 'Threads is still processing this post. Duopost will try again shortly.')],
])

// Threads subcodes seen with several codes; their meanings come from postiz, not from Meta.
const RULES_BY_SUBCODE: ReadonlyMap<number, Rule> = new Map([
  [
    2207051,
    rule(
      'permanent',
      'account_restricted',
      'fix_account',
      (p) => `${p} is restricting this kind of activity on the account. Check the account in the ${p} app.`,
    ),
  ],
  [4279013, rule('permanent', 'account_restricted', 'fix_account', (p) => `${p} has restricted this account. Check it in the ${p} app.`)],
  // "Error posting link" is reported both as a code and as a subcode of 100.
  [1609005, linkRejected],
])

// Codes 10 and 200–299 all mean "not allowed" (meta-api.md §3.2); Meta's message says what is
// missing, and that decides who can fix it. Permission names are snake_case with these prefixes
// (pages_manage_posts, business_management, ...), which keeps out words like access_token.
const PERMISSION_NAME = /\b(?:pages|business|threads|publish|read|user|public|instagram|ads|manage)_[a-z_]+\b/g
const NEEDS_PAGE_TOKEN = /requires? (?:a )?page access token/i
const PAGE_ROLE = /\b(?:task|role|admin|administrator|editor|moderator)s?\b/i
const NOT_VISIBLE = /not visible|does not exist|cannot be loaded due to missing permissions/i

const pageTokenRequired = rule(
  'permanent',
  'app_capability',
  'contact_support',
  (p) => `${p} wanted a Page's own access for this call and Duopost used another. This is a problem in Duopost; contact support.`,
)
const pageTaskMissing = rule(
  'permanent',
  'page_task_missing',
  'fix_account',
  () =>
    'Your role on this Facebook Page does not allow this. Ask a Page admin to give your role the task it needs (Page settings → Page access), then try again.',
)
const notVisible = rule(
  'permanent',
  'not_visible',
  'fix_account',
  (p) => `${p} says this account cannot see what Duopost asked for: it may have been deleted, unpublished or restricted. Check it on ${p}.`,
)

function permissionsNamed(message: string): string[] {
  return [...new Set(message.match(PERMISSION_NAME) ?? [])]
}

/**
 * A refusal for lack of permission, by what Meta says is missing: a permission it names is
 * granted by reconnecting (named in the message); a Page role without the task needs a Page
 * admin, not a reconnect; something Meta will not show is checked on Meta's side. A refusal
 * that says neither is taken as a missing permission, as meta-api.md §3.2 advises.
 */
function permissionRule(error: MetaErrorBody): Rule {
  // Meta sometimes names the permission only in its words for the person (error_user_msg).
  const named = permissionsNamed(`${error.message} ${error.userMessage ?? ''}`)
  if (named.length > 0) {
    const list = named.join(' and ')
    return rule(
      'reconnect',
      'permission_missing',
      'reconnect',
      (p) => `Duopost is missing the ${p} permission ${list}. Reconnect the account and allow every permission it asks for.`,
    )
  }
  if (NEEDS_PAGE_TOKEN.test(error.message)) return pageTokenRequired
  if (PAGE_ROLE.test(error.message)) return pageTaskMissing
  if (NOT_VISIBLE.test(error.message)) return notVisible
  return permissionMissing
}

function inRange(code: number, from: number, to: number): boolean {
  return code >= from && code <= to
}

// Meta answers a wrong app secret, app id or redirect_uri with generic codes (1 is "transient",
// and the Threads code exchange has no code at all); retrying or reconnecting cannot fix either.
const MISCONFIGURATION = /client secret|invalid application id|redirect_uri is identical/i

export function ruleFor(error: MetaErrorBody): Rule | undefined {
  const { code, subcode } = error
  if (MISCONFIGURATION.test(error.message)) return appMisconfigured
  if (code === undefined) return undefined
  return (
    RULES.get(`${code}/${subcode}`) ??
    (subcode === undefined ? undefined : RULES_BY_SUBCODE.get(subcode)) ??
    RULES.get(String(code)) ??
    (code === 10 || inRange(code, 200, 299) ? permissionRule(error) : undefined) ??
    (inRange(code, 80000, 80014) ? businessRateLimit : undefined)
  )
}

const serverError = rule('transient', 'server_error', 'retry', (p) => `${p} is having problems right now. Duopost will try again shortly.`)
const unknownFailure = rule(
  'permanent',
  'unknown',
  'contact_support',
  (p) => `${p} refused the request for a reason Duopost does not recognise. If it keeps happening, contact support.`,
)

/** When Meta's body names no code Duopost knows: its own transient flag, then the HTTP status. */
export function fallbackRule(status: number, error: MetaErrorBody | undefined): Rule {
  if (error?.isTransient) return temporary
  if (status >= 500) return serverError
  if (status === 429) return rateLimit('rate_limit')
  if (error?.flat) return authorizationFailed
  if (status === 401) return tokenInvalid
  return unknownFailure
}

const RATE_LIMIT_DEFAULT_WAIT_SECONDS = 10 * 60
// Meta does not say how long a 368 block lasts, and calling during it extends it.
const BLOCK_DEFAULT_WAIT_SECONDS = 60 * 60

/** How long to hold off when Meta gave no estimate: only rate limits wait by default. */
export function waitFor(rule: Rule): number | undefined {
  if (rule.kind !== 'rate_limited') return undefined
  return rule.reason === 'temporarily_blocked' ? BLOCK_DEFAULT_WAIT_SECONDS : RATE_LIMIT_DEFAULT_WAIT_SECONDS
}
