import { createCipheriv, createDecipheriv } from 'node:crypto'

// The raw AES-256-GCM primitive the token vault is built on. Kept apart from the vault's random
// nonces and string format so a known-answer test can drive it with a published test vector.

export const KEY_BYTES = 32
export const NONCE_BYTES = 12
export const TAG_BYTES = 16

export interface Sealed {
  ciphertext: Buffer
  tag: Buffer
}

export function sealAes256Gcm(input: { key: Buffer; nonce: Buffer; plaintext: Buffer; aad: Buffer }): Sealed {
  const cipher = createCipheriv('aes-256-gcm', input.key, input.nonce, { authTagLength: TAG_BYTES })
  cipher.setAAD(input.aad)
  const ciphertext = Buffer.concat([cipher.update(input.plaintext), cipher.final()])
  return { ciphertext, tag: cipher.getAuthTag() }
}

/** Throws when the tag does not authenticate the ciphertext and AAD under this key and nonce. */
export function openAes256Gcm(input: { key: Buffer; nonce: Buffer; aad: Buffer } & Sealed): Buffer {
  // Node accepts shorter tags unless told the length; a truncated tag must not pass.
  if (input.tag.length !== TAG_BYTES) throw new Error(`The authentication tag must be ${TAG_BYTES} bytes.`)
  const decipher = createDecipheriv('aes-256-gcm', input.key, input.nonce, { authTagLength: TAG_BYTES })
  decipher.setAAD(input.aad)
  decipher.setAuthTag(input.tag)
  return Buffer.concat([decipher.update(input.ciphertext), decipher.final()])
}
