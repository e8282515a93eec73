import type { FaultErrorInput, Platform } from './control-types.ts'

export interface GraphErrorFields {
  message: string
  type: string
  code: number
  error_subcode?: number
  is_transient?: boolean
  error_user_title?: string
  error_user_msg?: string
}

/** A Meta-shaped failure: `{ "error": { message, type, code, ..., fbtrace_id } }` with an HTTP status. */
export class GraphError extends Error {
  readonly status: number
  readonly fields: GraphErrorFields
  readonly headers: Record<string, string>

  constructor(status: number, fields: GraphErrorFields, headers: Record<string, string> = {}) {
    super(fields.message)
    this.status = status
    this.fields = fields
    this.headers = headers
  }
}

/**
 * The Threads code exchange answers failures in a flat shape of its own:
 * `{ "error_type": "OAuthException", "code": 400, "error_message": "..." }`.
 */
export class FlatOAuthError extends Error {}

// Meta's HTTP statuses: 500 for the two transient server codes, 400 for everything else,
// rate limits included.
function statusFor(code: number): number {
  return code === 1 || code === 2 ? 500 : 400
}

const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80001])

export function isRateLimitCode(code: number): boolean {
  return RATE_LIMIT_CODES.has(code)
}

type CatalogEntry = Omit<GraphErrorFields, 'code'>

// The codes the product must handle, as Meta words them. Keyed by `code` or `code/subcode`.
const CATALOG: Record<string, CatalogEntry> = {
  '1': { message: 'An unknown error has occurred.', type: 'OAuthException', is_transient: true },
  '2': {
    message: 'An unexpected error has occurred. Please retry your request later.',
    type: 'OAuthException',
    is_transient: true,
  },
  '4': { message: '(#4) Application request limit reached', type: 'OAuthException', is_transient: true },
  '17': { message: '(#17) User request limit reached', type: 'OAuthException', is_transient: true },
  '32': { message: '(#32) Page request limit reached', type: 'OAuthException', is_transient: true },
  '613': {
    message: '(#613) Calls to this api have exceeded the rate limit.',
    type: 'OAuthException',
    is_transient: true,
  },
  '80001': {
    message:
      '(#80001) There have been too many calls to this Page account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.',
    type: 'OAuthException',
    is_transient: true,
  },
  '10': { message: '(#10) Application does not have permission for this action', type: 'OAuthException' },
  '200': { message: '(#200) Permissions error', type: 'OAuthException' },
  '100': { message: '(#100) Invalid parameter', type: 'OAuthException' },
  '190': { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException' },
  '190/458': {
    message: 'Error validating access token: The user has not authorized application.',
    type: 'OAuthException',
  },
  '190/460': {
    message:
      'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.',
    type: 'OAuthException',
  },
  '190/463': { message: 'Error validating access token: Session has expired.', type: 'OAuthException' },
  '190/467': {
    message: 'Error validating access token: The session is invalid because the user logged out.',
    type: 'OAuthException',
  },
  '190/492': {
    message:
      'Error validating access token: The user associated with this Page access token does not have an appropriate role on the Page.',
    type: 'OAuthException',
  },
  '368/1390008': {
    message: 'It looks like you were misusing this feature by going too fast. You’ve been temporarily blocked from using it.',
    type: 'OAuthException',
    is_transient: false,
    error_user_title: 'You Can’t Use This Feature Right Now',
    error_user_msg: 'It looks like you were misusing this feature by going too fast. You’ve been temporarily blocked from using it.',
  },
  '506/1455006': {
    message: 'Duplicate status message',
    type: 'OAuthException',
    is_transient: false,
    error_user_title: 'Duplicate Status Update',
    error_user_msg:
      'This status update is identical to the last one you posted. Try posting something different, or delete your previous update.',
  },
  '24/4279009': {
    message: 'The requested resource does not exist',
    type: 'OAuthException',
    is_transient: false,
    error_user_title: 'Media Not Found',
    error_user_msg: 'The media cannot be found.',
  },
}

// Codes whose usual pairing with a subcode is implied when a caller gives only the code.
const DEFAULT_SUBCODE: Record<number, number> = { 368: 1390008, 506: 1455006, 24: 4279009 }

/** Builds the Meta error for a code (and subcode); `overrides` replace any field. */
export function metaError(code: number, subcode?: number, overrides: Partial<GraphErrorFields> & { status?: number } = {}): GraphError {
  const sub = subcode ?? DEFAULT_SUBCODE[code]
  const entry = (sub !== undefined ? CATALOG[`${code}/${sub}`] : undefined) ?? CATALOG[String(code)]
  const { status, ...fieldOverrides } = overrides
  const fields: GraphErrorFields = {
    message: entry?.message ?? `(#${code}) Error injected by the sandbox`,
    type: entry?.type ?? 'OAuthException',
    code,
    ...(sub !== undefined ? { error_subcode: sub } : {}),
    ...(entry?.is_transient !== undefined ? { is_transient: entry.is_transient } : {}),
    ...(entry?.error_user_title ? { error_user_title: entry.error_user_title } : {}),
    ...(entry?.error_user_msg ? { error_user_msg: entry.error_user_msg } : {}),
    ...fieldOverrides,
  }
  return new GraphError(status ?? statusFor(code), fields)
}

export function faultError(input: FaultErrorInput): GraphError {
  const { code, error_subcode, status, regainAccessMinutes: _ignored, ...fields } = input
  return metaError(code, error_subcode, { ...fields, ...(status !== undefined ? { status } : {}) })
}

/** Threads names parameter and lookup failures `THApiException`; Facebook `OAuthException`. */
function apiExceptionType(platform: Platform): string {
  return platform === 'threads' ? 'THApiException' : 'OAuthException'
}

export function invalidParameter(platform: Platform, message: string, extra: Partial<GraphErrorFields> = {}): GraphError {
  return metaError(100, undefined, { message, type: apiExceptionType(platform), ...extra })
}

export function missingPermission(platform: Platform, permission: string): GraphError {
  return metaError(10, undefined, {
    type: apiExceptionType(platform),
    error_user_title: 'Missing permission',
    error_user_msg: `This action requires the ${permission} permission.`,
  })
}

export function unsupportedRequest(platform: Platform, method: string, id: string): GraphError {
  const verb = method.toLowerCase()
  const tail = platform === 'facebook' ? ' Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api' : ''
  return metaError(100, 33, {
    message: `Unsupported ${verb} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.${tail}`,
    type: platform === 'facebook' ? 'GraphMethodException' : 'THApiException',
  })
}

export function nonexistingField(platform: Platform, field: string, nodeType: string): GraphError {
  // Threads words this without the `(#100)` prefix or node type (exileum/meta-mcp#143).
  return platform === 'threads'
    ? metaError(100, undefined, { message: `Tried accessing nonexisting field (${field})`, type: 'THApiException' })
    : metaError(100, undefined, { message: `(#100) Tried accessing nonexisting field (${field}) on node type (${nodeType})` })
}

export function missingToken(): GraphError {
  return metaError(104, undefined, { message: 'An access token is required to request this resource.' })
}

export function currentUserNeedsUserToken(): GraphError {
  return metaError(2500, undefined, {
    message: 'An active access token must be used to query information about the current user.',
  })
}

export function containerNotReady(id: string): GraphError {
  return metaError(24, 4279009, { error_user_msg: `The media with id ${id} cannot be found.` })
}
