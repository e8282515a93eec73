import { describe, expect, it } from 'vitest'
import {
  MetaApiError,
  classifyMetaResponse,
  classifyNetworkFailure,
  type MetaErrorAction,
  type MetaErrorKind,
  type MetaErrorReason,
} from '#app/.server/platforms/meta-error.ts'

function graphError(code: number, subcode?: number, extra: Record<string, unknown> = {}) {
  return {
    error: {
      message: `(#${code}) sample`,
      type: 'OAuthException',
      code,
      ...(subcode === undefined ? {} : { error_subcode: subcode }),
      fbtrace_id: 'AbCdEf123',
      ...extra,
    },
  }
}

const buc = (minutes: number) => ({
  'x-business-use-case-usage': JSON.stringify({
    '1234': [{ type: 'pages', call_count: 100, total_cputime: 40, total_time: 40, estimated_time_to_regain_access: minutes }],
  }),
})

type Row = [
  name: string,
  status: number,
  body: unknown,
  headers: Record<string, string>,
  expected: [MetaErrorKind, MetaErrorReason, MetaErrorAction, number?],
]

// meta-api.md §3.2 row by row, plus the Threads codes of §1.11 and the HTTP-only cases.
const TABLE: Row[] = [
  ['1 API Unknown', 500, graphError(1, undefined, { is_transient: true }), {}, ['transient', 'temporary', 'retry']],
  ['2 API Service', 500, graphError(2), {}, ['transient', 'temporary', 'retry']],
  ['3 API Method', 400, graphError(3), {}, ['permanent', 'app_capability', 'contact_support']],
  [
    '4 app rate limit',
    400,
    graphError(4, undefined, { is_transient: true }),
    { 'x-app-usage': '{"call_count":100}' },
    ['rate_limited', 'app_rate_limit', 'wait', 600],
  ],
  ['17 user rate limit', 400, graphError(17), {}, ['rate_limited', 'user_rate_limit', 'wait', 600]],
  ['17/2446079 old Ads API', 400, graphError(17, 2446079), {}, ['rate_limited', 'user_rate_limit', 'wait', 600]],
  ['32 Pages with a user token', 400, graphError(32), buc(7), ['rate_limited', 'business_rate_limit', 'wait', 420]],
  ['613 custom', 400, graphError(613), {}, ['rate_limited', 'rate_limit', 'wait', 600]],
  ['613/1996 inconsistent volume', 400, graphError(613, 1996), {}, ['rate_limited', 'rate_limit', 'wait', 600]],
  ['80001 Pages BUC', 400, graphError(80001), buc(12), ['rate_limited', 'business_rate_limit', 'wait', 720]],
  ['80004 other BUC', 400, graphError(80004), {}, ['rate_limited', 'business_rate_limit', 'wait', 600]],
  ['341 application limit', 400, graphError(341), {}, ['rate_limited', 'app_rate_limit', 'wait', 600]],
  ['368 temporarily blocked', 400, graphError(368, 1390008), {}, ['rate_limited', 'temporarily_blocked', 'wait', 3600]],
  ['10 permission denied', 400, graphError(10), {}, ['reconnect', 'permission_missing', 'reconnect']],
  ['200 permissions error', 400, graphError(200), {}, ['reconnect', 'permission_missing', 'reconnect']],
  ['299 permission range end', 403, graphError(299), {}, ['reconnect', 'permission_missing', 'reconnect']],
  ['100 invalid parameter', 400, graphError(100), {}, ['permanent', 'invalid_request', 'edit']],
  ['102 API session', 400, graphError(102), {}, ['reconnect', 'token_invalid', 'reconnect']],
  ['190 invalid token', 400, graphError(190), {}, ['reconnect', 'token_invalid', 'reconnect']],
  ['190/458 app not installed', 400, graphError(190, 458), {}, ['reconnect', 'app_removed', 'reconnect']],
  ['190/459 checkpointed', 400, graphError(190, 459), {}, ['reconnect', 'account_checkpoint', 'fix_account']],
  ['190/460 password changed', 400, graphError(190, 460), {}, ['reconnect', 'password_changed', 'reconnect']],
  ['190/463 expired', 400, graphError(190, 463), {}, ['reconnect', 'token_expired', 'reconnect']],
  ['190/464 unconfirmed user', 400, graphError(190, 464), {}, ['reconnect', 'account_checkpoint', 'fix_account']],
  ['190/467 invalid token', 400, graphError(190, 467), {}, ['reconnect', 'token_invalid', 'reconnect']],
  ['190/492 no role on the Page', 400, graphError(190, 492), {}, ['reconnect', 'page_role_lost', 'fix_account']],
  ['506 duplicate post', 400, graphError(506, 1455006), {}, ['permanent', 'duplicate_post', 'edit']],
  ['1609005 link error', 400, graphError(1609005), {}, ['permanent', 'link_rejected', 'edit']],
  ['100/1609005 link error as subcode', 400, graphError(100, 1609005), {}, ['permanent', 'link_rejected', 'edit']],
  [
    'Threads 24/4279009 container not ready',
    400,
    graphError(24, 4279009, { is_transient: false }),
    {},
    ['transient', 'not_ready', 'retry'],
  ],
  ['Threads 2207051 restricted activity', 400, graphError(10, 2207051), {}, ['permanent', 'account_restricted', 'fix_account']],
  ['Threads 4279013 user restricted', 400, graphError(100, 4279013), {}, ['permanent', 'account_restricted', 'fix_account']],
  [
    'Threads flat code-exchange error',
    400,
    { error_type: 'OAuthException', code: 400, error_message: 'Matching code was not found or was already used' },
    {},
    ['reconnect', 'authorization_failed', 'reconnect'],
  ],
  ['100/36007 sign-in code expired', 400, graphError(100, 36007), {}, ['reconnect', 'authorization_failed', 'reconnect']],
  ['100/36009 sign-in code used', 400, graphError(100, 36009), {}, ['reconnect', 'authorization_failed', 'reconnect']],
  ['100/36008 redirect_uri mismatch', 400, graphError(100, 36008), {}, ['permanent', 'app_misconfigured', 'contact_support']],
  ['101 invalid application id', 400, graphError(101), {}, ['permanent', 'app_misconfigured', 'contact_support']],
  [
    '1 with a wrong client secret',
    400,
    graphError(1, undefined, { message: 'Error validating client secret.' }),
    {},
    ['permanent', 'app_misconfigured', 'contact_support'],
  ],
  [
    'Threads flat error for a wrong client secret',
    400,
    { error_type: 'OAuthException', code: 400, error_message: 'Error validating client secret.' },
    {},
    ['permanent', 'app_misconfigured', 'contact_support'],
  ],
  ['unknown code, transient by Meta', 400, graphError(9007, undefined, { is_transient: true }), {}, ['transient', 'temporary', 'retry']],
  ['unknown code', 400, graphError(9007), {}, ['permanent', 'unknown', 'contact_support']],
  ['unknown code on a 5xx', 502, graphError(9007), {}, ['transient', 'server_error', 'retry']],
  ['5xx HTML page with Retry-After', 503, undefined, { 'retry-after': '30' }, ['transient', 'server_error', 'retry', 30]],
  ['429 without a body', 429, undefined, {}, ['rate_limited', 'rate_limit', 'wait', 600]],
  ['401 without a body', 401, undefined, {}, ['reconnect', 'token_invalid', 'reconnect']],
  ['404 without a body', 404, undefined, {}, ['permanent', 'unknown', 'contact_support']],
]

const said = (code: number, message: string) => graphError(code, undefined, { message })

// Codes 10 and 200–299 by what Meta's message says is missing (meta-api.md §3.2), in the form
// Meta writes them ("(#code) text"; Graph's error tables, the sandbox's replies):
// `[name, body, kind, reason, action, words]`.
const PERMISSION_REFUSALS: [string, unknown, MetaErrorKind, MetaErrorReason, MetaErrorAction, RegExp][] = [
  [
    '200 naming a permission',
    said(200, '(#200) Requires business_management permission to manage the object'),
    'reconnect',
    'permission_missing',
    'reconnect',
    /missing the Facebook permission business_management\. Reconnect/,
  ],
  [
    '200 naming two permissions and the Page role',
    said(
      200,
      '(#200) If posting to a page, requires both pages_read_engagement and pages_manage_posts as an admin with sufficient administrative permission',
    ),
    'reconnect',
    'permission_missing',
    'reconnect',
    /pages_read_engagement and pages_manage_posts/,
  ],
  [
    '200 for a Page role without the task',
    said(200, '(#200) The user does not have sufficient administrative permission (the CREATE_CONTENT task) for this action on this page'),
    'permanent',
    'page_task_missing',
    'fix_account',
    /Ask a Page admin/,
  ],
  [
    '200 saying nothing more',
    said(200, '(#200) Permissions error'),
    'reconnect',
    'permission_missing',
    'reconnect',
    /allow every permission/,
  ],
  [
    '210 user not visible',
    said(210, '(#210) User not visible'),
    'permanent',
    'not_visible',
    'fix_account',
    /cannot see what Duopost asked for/,
  ],
  [
    '210 Page access token required',
    said(210, '(#210) This call requires a Page access token.'),
    'permanent',
    'app_capability',
    'contact_support',
    /problem in Duopost/,
  ],
  [
    '220 album not visible',
    said(220, '(#220) Album or albums not visible'),
    'permanent',
    'not_visible',
    'fix_account',
    /deleted, unpublished or restricted/,
  ],
  [
    '230 naming a permission',
    said(230, '(#230) Requires pages_messaging permission to manage the object'),
    'reconnect',
    'permission_missing',
    'reconnect',
    /pages_messaging/,
  ],
  [
    '10 naming a permission',
    said(10, '(#10) This endpoint requires the pages_read_engagement permission'),
    'reconnect',
    'permission_missing',
    'reconnect',
    /pages_read_engagement/,
  ],
  [
    '10 naming the permission only in its words for the person',
    graphError(10, undefined, {
      message: '(#10) Application does not have permission for this action',
      error_user_msg: 'This action requires the pages_manage_posts permission.',
    }),
    'reconnect',
    'permission_missing',
    'reconnect',
    /pages_manage_posts/,
  ],
  [
    '10 without a name',
    said(10, '(#10) Application does not have permission for this action'),
    'reconnect',
    'permission_missing',
    'reconnect',
    /allow every permission/,
  ],
  [
    '200 from Threads naming a permission',
    said(200, '(#200) Requires threads_content_publish permission'),
    'reconnect',
    'permission_missing',
    'reconnect',
    /threads_content_publish/,
  ],
]

describe('permission refusals (10, 200–299)', () => {
  it.each(PERMISSION_REFUSALS)('%s', (_name, body, kind, reason, action, words) => {
    const failure = classifyMetaResponse({ platform: 'facebook', status: 403, body, headers: new Headers() })
    expect({ kind: failure.kind, reason: failure.reason, action: failure.action }).toEqual({ kind, reason, action })
    expect(failure.userMessage).toMatch(words)
  })

  it('never takes words such as access_token or appsecret_proof for a permission', () => {
    const body = said(200, '(#200) The access_token and appsecret_proof given do not allow this')
    expect(classifyMetaResponse({ platform: 'facebook', status: 403, body, headers: new Headers() }).userMessage).not.toMatch(
      /access_token/,
    )
  })
})

describe('classifyMetaResponse', () => {
  it.each(TABLE)('%s', (_name, status, body, headers, [kind, reason, action, retryAfterSeconds]) => {
    const failure = classifyMetaResponse({ platform: 'facebook', status, body, headers: new Headers(headers) })
    expect({ kind: failure.kind, reason: failure.reason, action: failure.action }).toEqual({ kind, reason, action })
    expect(failure.retryAfterSeconds).toBe(retryAfterSeconds)
    expect(failure.userMessage.length).toBeGreaterThan(20)
  })

  it("keeps Meta's code, subcode, type, trace id, own words for the person, and the usage headers", () => {
    const failure = classifyMetaResponse({
      platform: 'facebook',
      status: 400,
      body: graphError(80001),
      headers: new Headers(buc(3)),
    })
    expect(failure).toMatchObject({
      code: 80001,
      type: 'OAuthException',
      fbtraceId: 'AbCdEf123',
      httpStatus: 400,
      detail: '(#80001) sample',
    })
    expect(failure.usage?.business[0]).toMatchObject({
      businessId: '1234',
      type: 'pages',
      callCount: 100,
      estimatedTimeToRegainAccessMinutes: 3,
    })
    const duplicate = graphError(506, 1455006, {
      error_user_title: 'Duplicate Status Update',
      error_user_msg: 'Post something else.',
    })
    expect(classifyMetaResponse({ platform: 'threads', status: 400, body: duplicate, headers: new Headers() })).toMatchObject({
      subcode: 1455006,
      metaUserTitle: 'Duplicate Status Update',
      metaUserMessage: 'Post something else.',
    })
  })

  it('names the platform, and gives the trace id where support would need it', () => {
    const expired = classifyMetaResponse({ platform: 'threads', status: 400, body: graphError(190, 463), headers: new Headers() })
    expect(expired.userMessage).toBe('Duopost’s access to this Threads account has expired. Reconnect the Threads account to keep posting.')
    const unknown = classifyMetaResponse({ platform: 'facebook', status: 400, body: graphError(9007), headers: new Headers() })
    expect(unknown.userMessage).toContain('Meta reference: AbCdEf123')
  })

  it('tells an unreachable Meta apart from a failing one', () => {
    expect(classifyNetworkFailure('threads', 'fetch failed (ECONNREFUSED)')).toMatchObject({
      kind: 'transient',
      reason: 'unreachable',
      action: 'retry',
      userMessage: expect.stringContaining('could not reach Threads'),
    })
  })
})

describe('MetaApiError', () => {
  it('says which call failed and how, without credentials', () => {
    const secret = 'EAAGsecretPageToken1234567890abcdef'
    const body = graphError(190, 463, {
      message: `Error validating access_token=${secret}&appsecret_proof=abc123 for client_secret=s3cr3t`,
    })
    const failure = classifyMetaResponse({ platform: 'facebook', status: 400, body, headers: new Headers() })
    const error = new MetaApiError({ platform: 'facebook', method: 'GET', path: '/v25.0/me' }, failure, ['s3cr3t'])
    expect(error.message).toMatch(
      /^Facebook GET \/v25\.0\/me failed: .* \[reconnect\/token_expired, code 190\/463, fbtrace_id AbCdEf123\]$/,
    )
    for (const leaked of [secret, 'abc123', 's3cr3t']) {
      expect(error.message).not.toContain(leaked)
      expect(error.failure.detail).not.toContain(leaked)
    }
    expect(error.kind).toBe('reconnect')
    expect(error.userMessage).toBe(failure.userMessage)
  })
})
