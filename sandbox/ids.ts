import { randomBytes, randomInt } from 'node:crypto'

// Fake credentials carry this marker so nobody can mistake them for Meta's, and Meta rejects them.
const FAKE_MARK = 'SANDBOX'

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

export function base62(length: number): string {
  const bytes = randomBytes(length)
  let out = ''
  for (const byte of bytes) out += BASE62[byte % BASE62.length]
  return out
}

export function digits(length: number): string {
  let out = ''
  for (let i = 0; i < length; i += 1) out += String(randomInt(10))
  return out
}

/**
 * Threads user ids are 17-digit numbers above 2^53, like Meta's (17841405793187218), so a client
 * that parses the code exchange's numeric `user_id` with plain JSON.parse loses digits here too.
 */
export function threadsUserId(): string {
  return `178414${digits(11)}`
}

export function threadsObjectId(): string {
  return `1${randomInt(7, 9)}${digits(15)}`
}

export function facebookId(): string {
  return `${randomInt(1, 10)}${digits(14)}`
}

export function shortcode(): string {
  return base62(11)
}

export function authorizationCode(): string {
  return `AQ${FAKE_MARK}${base62(96)}`
}

export function threadsUserToken(): string {
  return `TH${FAKE_MARK}${base62(150)}`
}

export function threadsAppToken(appId: string): string {
  return `TH|${appId}|${FAKE_MARK}${base62(24)}`
}

export function facebookToken(): string {
  return `EAA${FAKE_MARK}${base62(160)}`
}

export function facebookAppToken(appId: string): string {
  return `${appId}|${FAKE_MARK}${base62(24)}`
}

export function fbtraceId(): string {
  return `A${randomBytes(16).toString('base64url').slice(0, 22)}`
}

export function secret(): string {
  return randomBytes(16).toString('hex')
}

export function localId(prefix: string): string {
  return `${prefix}_${base62(10)}`
}
