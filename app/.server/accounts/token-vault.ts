import { createHash, randomBytes } from 'node:crypto'
import { perConfiguration } from '../env.ts'
import { KEY_BYTES, NONCE_BYTES, TAG_BYTES, openAes256Gcm, sealAes256Gcm } from './aes-gcm.ts'

/*
 * Meta tokens at rest (security checklist OA-09, OA-10). A stored value is one ASCII string:
 *
 *   v1:<keyId>:<nonce>:<ciphertext>:<tag>
 *
 * Every part after the version is base64url without padding:
 * - keyId: the first 6 bytes of SHA-256("duopost-token-key:" ‖ key). It names the key without
 *   revealing it, so old keys can stay readable and rotation can tell which values still need work.
 * - nonce: 12 random bytes, fresh for every value (never reused under one key).
 * - ciphertext: AES-256-GCM of the UTF-8 token; tag: the 16-byte GCM tag.
 * The AAD is the JSON array ["v1", table, column, rowId], so a value copied to another row or
 * column fails authentication instead of decrypting into someone else's connection. So a row's id
 * must exist before its first token is encrypted: create it in code (crypto.randomUUID()) and
 * insert the row with that id and the ciphertexts in one write.
 */

const VERSION = 'v1'
const KEY_ID_BYTES = 6

export const ACCOUNT_TOKEN_COLUMNS = ['accessToken', 'pageAccessToken'] as const
export type AccountTokenColumn = (typeof ACCOUNT_TOKEN_COLUMNS)[number]

/**
 * The column name each field's ciphertexts are bound to. `accessToken` was first named
 * `access_token` and keeps that database column and that AAD, so stored tokens still decrypt.
 */
const AAD_COLUMN: Record<AccountTokenColumn, string> = { accessToken: 'access_token', pageAccessToken: 'pageAccessToken' }

/** Where a ciphertext is stored; it decrypts only there. Webhook endpoints keep their signing secret here too. */
export interface TokenLocation {
  table: 'Account' | 'WebhookEndpoint'
  column: AccountTokenColumn | 'secret'
  rowId: string
}

export interface TokenVault {
  /** Identifies TOKEN_ENCRYPTION_KEY inside stored values. */
  readonly currentKeyId: string
  encrypt(plaintext: string, location: TokenLocation): string
  /** Throws TokenDecryptionError; never returns anything but the token that was encrypted here. */
  decrypt(stored: string, location: TokenLocation): string
  /** True when `stored` is not under the current key (or not a vault value at all). */
  needsReencryption(stored: string): boolean
}

export type TokenDecryptionFailure = 'malformed' | 'unknown_key' | 'tampered'

const FAILURE_ADVICE: Record<TokenDecryptionFailure, (keyId: string) => string> = {
  malformed: () =>
    `the stored value is not a vault ciphertext (expected ${VERSION}:<keyId>:<nonce>:<ciphertext>:<tag>). ` +
    'Have the person reconnect the account.',
  unknown_key: (keyId) =>
    `it was encrypted under key ${keyId}, which is neither TOKEN_ENCRYPTION_KEY nor listed in ` +
    'TOKEN_ENCRYPTION_OLD_KEYS. Add that key to TOKEN_ENCRYPTION_OLD_KEYS, or have the person reconnect the account.',
  tampered: () =>
    'it failed authentication: the value was altered, or copied from another row or column. ' + 'Have the person reconnect the account.',
}

/** The message names the row and the reason only; it never carries key material or the value. */
export class TokenDecryptionError extends Error {
  override name = 'TokenDecryptionError'
  constructor(
    readonly reason: TokenDecryptionFailure,
    location: TokenLocation,
    keyId = '',
  ) {
    super(`Cannot decrypt ${location.table}.${location.column} of row ${location.rowId}: ${FAILURE_ADVICE[reason](keyId)}`)
  }
}

interface VaultKey {
  id: string
  key: Buffer
}

function vaultKey(base64: string, setting: string): VaultKey {
  const key = Buffer.from(base64, 'base64')
  if (key.length !== KEY_BYTES) throw new Error(`${setting} must be ${KEY_BYTES} random bytes, base64-encoded.`)
  const digest = createHash('sha256').update('duopost-token-key:').update(key).digest()
  return { id: digest.subarray(0, KEY_ID_BYTES).toString('base64url'), key }
}

function aad(location: TokenLocation): Buffer {
  const column = location.column === 'secret' ? location.column : AAD_COLUMN[location.column]
  return Buffer.from(JSON.stringify([VERSION, location.table, column, location.rowId]), 'utf8')
}

interface Parsed {
  keyId: string
  nonce: Buffer
  ciphertext: Buffer
  tag: Buffer
}

const BASE64URL = /^[A-Za-z0-9_-]*$/

function parse(stored: string): Parsed | undefined {
  const parts = stored.split(':')
  if (parts.length !== 5 || parts[0] !== VERSION || !parts.every((part) => BASE64URL.test(part))) return undefined
  const [, keyId = '', nonce = '', ciphertext = '', tag = ''] = parts
  const parsed = {
    keyId,
    nonce: Buffer.from(nonce, 'base64url'),
    ciphertext: Buffer.from(ciphertext, 'base64url'),
    tag: Buffer.from(tag, 'base64url'),
  }
  return parsed.nonce.length === NONCE_BYTES && parsed.tag.length === TAG_BYTES ? parsed : undefined
}

/** `currentKey` encrypts; it and every `oldKeys` entry decrypt (base64, 32 bytes each). */
export function createTokenVault(keys: { currentKey: string; oldKeys?: readonly string[] }): TokenVault {
  const current = vaultKey(keys.currentKey, 'TOKEN_ENCRYPTION_KEY')
  const readable = new Map<string, Buffer>([[current.id, current.key]])
  for (const old of keys.oldKeys ?? []) {
    const { id, key } = vaultKey(old, 'Each TOKEN_ENCRYPTION_OLD_KEYS entry')
    readable.set(id, key)
  }

  return {
    currentKeyId: current.id,

    encrypt(plaintext, location) {
      const nonce = randomBytes(NONCE_BYTES)
      const sealed = sealAes256Gcm({ key: current.key, nonce, plaintext: Buffer.from(plaintext, 'utf8'), aad: aad(location) })
      return [VERSION, current.id, nonce, sealed.ciphertext, sealed.tag]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join(':')
    },

    decrypt(stored, location) {
      const parsed = parse(stored)
      if (!parsed) throw new TokenDecryptionError('malformed', location)
      const key = readable.get(parsed.keyId)
      if (!key) throw new TokenDecryptionError('unknown_key', location, parsed.keyId)
      try {
        return openAes256Gcm({ key, aad: aad(location), ...parsed }).toString('utf8')
      } catch {
        throw new TokenDecryptionError('tampered', location, parsed.keyId)
      }
    },

    needsReencryption(stored) {
      return parse(stored)?.keyId !== current.id
    },
  }
}

/** The vault for this process's TOKEN_ENCRYPTION_KEY and TOKEN_ENCRYPTION_OLD_KEYS. */
export const getTokenVault: () => TokenVault = perConfiguration((env) =>
  createTokenVault({ currentKey: env.TOKEN_ENCRYPTION_KEY, oldKeys: env.TOKEN_ENCRYPTION_OLD_KEYS }),
)

export function encryptToken(plaintext: string, location: TokenLocation): string {
  return getTokenVault().encrypt(plaintext, location)
}

export function decryptToken(stored: string, location: TokenLocation): string {
  return getTokenVault().decrypt(stored, location)
}

export function needsReencryption(stored: string): boolean {
  return getTokenVault().needsReencryption(stored)
}
