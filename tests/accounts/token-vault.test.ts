import { randomBytes, randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { openAes256Gcm, sealAes256Gcm } from '#app/.server/accounts/aes-gcm.ts'
import {
  createTokenVault,
  decryptToken,
  encryptToken,
  getTokenVault,
  TokenDecryptionError,
  type TokenLocation,
} from '#app/.server/accounts/token-vault.ts'
import { prisma } from '#app/.server/db.ts'

const newKey = () => randomBytes(32).toString('base64')
const TOKEN = 'EAAMcanaryTokenForTheVault0123456789'
const location = (overrides: Partial<TokenLocation> = {}): TokenLocation => ({
  table: 'Account',
  column: 'accessToken',
  rowId: 'row-1',
  ...overrides,
})

/** `stored` with one byte of part `index` (1 = keyId … 4 = tag) XOR-ed. */
function flipByte(stored: string, index: number, byte: number): string {
  const parts = stored.split(':')
  const bytes = Buffer.from(parts[index]!, 'base64url')
  bytes[byte]! ^= 0x01
  parts[index] = bytes.toString('base64url')
  return parts.join(':')
}

function decryptionFailure(run: () => unknown): TokenDecryptionError {
  try {
    run()
  } catch (error) {
    if (error instanceof TokenDecryptionError) return error
    throw error
  }
  throw new Error('decryption succeeded but should have failed')
}

describe('token vault', () => {
  const key = newKey()
  const vault = createTokenVault({ currentKey: key })

  it('decrypts what it encrypted, at the same location', () => {
    for (const token of [TOKEN, '', 'ünïcødé ✓ 🔑']) {
      expect(vault.decrypt(vault.encrypt(token, location()), location())).toBe(token)
    }
  })

  it('writes the documented format, with a fresh nonce every time', () => {
    const first = vault.encrypt(TOKEN, location())
    const second = vault.encrypt(TOKEN, location())
    expect(first).toMatch(/^v1:[A-Za-z0-9_-]{8}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+:[A-Za-z0-9_-]{22}$/)
    expect(first.split(':')[1]).toBe(vault.currentKeyId)
    expect(second).not.toBe(first)
    expect(second.split(':')[2]).not.toBe(first.split(':')[2])
    expect(first).not.toContain(TOKEN)
  })

  it('refuses a value with any single byte of nonce, ciphertext or tag changed', () => {
    const stored = vault.encrypt(TOKEN, location())
    const lengths = stored.split(':').map((part) => Buffer.from(part, 'base64url').length)
    for (const part of [2, 3, 4]) {
      for (let byte = 0; byte < lengths[part]!; byte++) {
        expect(decryptionFailure(() => vault.decrypt(flipByte(stored, part, byte), location())).reason).toBe('tampered')
      }
    }
  })

  it('refuses a value moved to another row or column', () => {
    const stored = vault.encrypt(TOKEN, location())
    for (const elsewhere of [location({ rowId: 'row-2' }), location({ column: 'pageAccessToken' })]) {
      const error = decryptionFailure(() => vault.decrypt(stored, elsewhere))
      expect(error.reason).toBe('tampered')
      expect(error.message).toContain(`Account.${elsewhere.column} of row ${elsewhere.rowId}`)
    }
  })

  it('reads values written under an old key, and says they need re-encryption', () => {
    const oldKey = newKey()
    const stored = createTokenVault({ currentKey: oldKey }).encrypt(TOKEN, location())
    const rotated = createTokenVault({ currentKey: key, oldKeys: [oldKey] })
    expect(rotated.decrypt(stored, location())).toBe(TOKEN)
    expect(rotated.needsReencryption(stored)).toBe(true)
    expect(rotated.needsReencryption(rotated.encrypt(TOKEN, location()))).toBe(false)
  })

  it('names an unknown key by id and says what to do, revealing no key or token', () => {
    const foreignKey = newKey()
    const stored = createTokenVault({ currentKey: foreignKey }).encrypt(TOKEN, location())
    const error = decryptionFailure(() => vault.decrypt(stored, location()))
    expect(error.reason).toBe('unknown_key')
    expect(error.message).toContain(stored.split(':')[1])
    expect(error.message).toContain('TOKEN_ENCRYPTION_OLD_KEYS')
    for (const secret of [TOKEN, foreignKey, key]) expect(error.message).not.toContain(secret)
  })

  it('never treats a stored plaintext token as readable', () => {
    for (const stored of [TOKEN, `v1:${vault.currentKeyId}:${TOKEN}`, 'v2:a:b:c:d', '']) {
      const error = decryptionFailure(() => vault.decrypt(stored, location()))
      expect(error.reason).toBe('malformed')
      expect(error.message).not.toContain(TOKEN)
      expect(vault.needsReencryption(stored)).toBe(true)
    }
  })

  it('rejects keys that are not 32 bytes', () => {
    expect(() => createTokenVault({ currentKey: Buffer.alloc(16).toString('base64') })).toThrow(/TOKEN_ENCRYPTION_KEY must be 32/)
    expect(() => createTokenVault({ currentKey: key, oldKeys: ['c2hvcnQ='] })).toThrow(/TOKEN_ENCRYPTION_OLD_KEYS/)
  })

  it('uses TOKEN_ENCRYPTION_KEY from the environment by default', () => {
    const stored = encryptToken(TOKEN, location())
    expect(stored.split(':')[1]).toBe(getTokenVault().currentKeyId)
    expect(decryptToken(stored, location())).toBe(TOKEN)
  })
})

describe('AES-256-GCM primitive', () => {
  // Test Case 16 of the GCM specification submitted to NIST (McGrew & Viega, gcm-spec.pdf,
  // Appendix B): AES-256, 96-bit IV, with additional authenticated data.
  const hex = (value: string) => Buffer.from(value, 'hex')
  const vector = {
    key: hex('feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308'),
    nonce: hex('cafebabefacedbaddecaf888'),
    plaintext: hex(
      'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39',
    ),
    aad: hex('feedfacedeadbeeffeedfacedeadbeefabaddad2'),
    ciphertext: '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662',
    tag: '76fc6ece0f4e1768cddf8853bb2d551b',
  }

  it('matches the known answer both ways', () => {
    const sealed = sealAes256Gcm(vector)
    expect(sealed.ciphertext.toString('hex')).toBe(vector.ciphertext)
    expect(sealed.tag.toString('hex')).toBe(vector.tag)
    expect(openAes256Gcm({ ...vector, ...sealed })).toEqual(vector.plaintext)
  })

  it('refuses a truncated tag', () => {
    const sealed = sealAes256Gcm(vector)
    expect(() => openAes256Gcm({ ...vector, ...sealed, tag: sealed.tag.subarray(0, 12) })).toThrow(/16 bytes/)
  })
})

describe('tokens in the database', () => {
  it('stores only ciphertext, bound to the row id chosen before the insert', async () => {
    const user = await prisma.user.create({ data: { email: `${randomUUID()}@example.com`, passwordHash: 'x' } })
    // The row id exists before the first write so the ciphertexts can be bound to it.
    const id = randomUUID()
    const tokens = { accessToken: `${TOKEN}-access`, pageAccessToken: `${TOKEN}-page` }
    await prisma.account.create({
      data: {
        id,
        userId: user.id,
        platform: 'facebook',
        platformAccountId: 'page-1',
        accessToken: encryptToken(tokens.accessToken, location({ rowId: id })),
        pageAccessToken: encryptToken(tokens.pageAccessToken, location({ column: 'pageAccessToken', rowId: id })),
      },
    })

    const rows = await prisma.$queryRawUnsafe<Record<string, unknown>[]>('SELECT * FROM "Account" WHERE id = $1', id)
    const raw = JSON.stringify(rows)
    expect(rows).toHaveLength(1)
    expect(raw).not.toContain(TOKEN)
    const row = rows[0] as { access_token: string; pageAccessToken: string }
    expect(decryptToken(row.access_token, location({ rowId: id }))).toBe(tokens.accessToken)
    expect(decryptToken(row.pageAccessToken, location({ column: 'pageAccessToken', rowId: id }))).toBe(tokens.pageAccessToken)
  })
})
