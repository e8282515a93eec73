import { randomBytes } from 'node:crypto'

/** 24 random bytes: the id is all that guards the public media address, so it must not be guessable. */
export function newMediaId(): string {
  return randomBytes(24).toString('base64url')
}

const MEDIA_ID = /^[A-Za-z0-9_-]{32}$/

export function isMediaId(value: string): boolean {
  return MEDIA_ID.test(value)
}
