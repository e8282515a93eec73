import { dictionary } from '@zxcvbn-ts/language-common'

/**
 * The ~49,000 most common passwords from breach corpora, as zxcvbn-ts ships them offline. A
 * password on it falls to the first guesses of any attack, however long it is ("password1234").
 */
const COMMON = new Set((dictionary as Record<string, string[]>)['passwords-common'])

export function isCommonPassword(password: string): boolean {
  return COMMON.has(password.toLowerCase())
}
