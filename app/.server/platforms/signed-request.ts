import { createHmac, timingSafeEqual } from 'node:crypto'

// Meta's signed_request (meta-api.md §4): "<signature>.<payload>", both base64url without padding;
// the signature is HMAC-SHA256 of the payload segment exactly as received, keyed with the app secret.

export type SignedRequestPayload = { algorithm: string; issued_at: number; user_id: string; expires?: number }

export class InvalidSignedRequestError extends Error {
  override name = 'InvalidSignedRequestError'
}

/** Requests older than this are refused, so a captured one cannot be replayed later. */
export const MAX_AGE_SECONDS = 10 * 60
/** How far ahead of our clock issued_at may be (clock skew); further is refused, or it would stay fresh for longer. */
export const MAX_FUTURE_SKEW_SECONDS = 60

export function verifySignedRequest(signedRequest: unknown, appSecret: string, now = Date.now()): SignedRequestPayload {
  if (typeof signedRequest !== 'string' || !/^[\w-]+\.[\w-]+$/.test(signedRequest)) {
    throw new InvalidSignedRequestError('signed_request is missing or not in the form <signature>.<payload>')
  }
  const [signature, payloadSegment] = signedRequest.split('.') as [string, string]
  const expected = createHmac('sha256', appSecret).update(payloadSegment).digest()
  const given = Buffer.from(signature, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new InvalidSignedRequestError('signed_request signature does not match')
  }
  let payload: Partial<SignedRequestPayload>
  try {
    payload = JSON.parse(Buffer.from(payloadSegment, 'base64url').toString('utf8')) as Partial<SignedRequestPayload>
  } catch {
    throw new InvalidSignedRequestError('signed_request payload is not JSON')
  }
  if (payload.algorithm?.toUpperCase() !== 'HMAC-SHA256') throw new InvalidSignedRequestError('signed_request algorithm is not HMAC-SHA256')
  if (typeof payload.issued_at !== 'number' || now / 1000 - payload.issued_at > MAX_AGE_SECONDS) {
    throw new InvalidSignedRequestError('signed_request is stale or has no issued_at')
  }
  if (payload.issued_at - now / 1000 > MAX_FUTURE_SKEW_SECONDS) {
    throw new InvalidSignedRequestError('signed_request has an issued_at in the future; check the server clock')
  }
  if (typeof payload.user_id !== 'string' && typeof payload.user_id !== 'number')
    throw new InvalidSignedRequestError('signed_request has no user_id')
  return { ...payload, user_id: String(payload.user_id) } as SignedRequestPayload
}
