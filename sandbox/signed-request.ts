import { createHmac } from 'node:crypto'

/**
 * Meta's `signed_request`: `<sig>.<payload>`, both base64url without padding, where `sig` is the raw
 * HMAC-SHA256 of the encoded payload segment keyed with the app secret.
 */
export function signRequest(payload: Record<string, unknown>, appSecret: string): string {
  const encoded = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url')
  const signature = createHmac('sha256', appSecret).update(encoded).digest('base64url')
  return `${signature}.${encoded}`
}
