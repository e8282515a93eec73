import { lookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import { isPublicAddress } from '../public-address.ts'

/**
 * Why Meta could not (or must not) fetch this image URL, or null when it is fine. Only https URLs
 * on public addresses are accepted; `trustedOrigins` (the sandbox in sandbox mode) are exempt.
 */
export async function imageUrlProblem(raw: string, trustedOrigins: readonly string[] = []): Promise<string | null> {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return 'Enter the full address of the image, starting with https://.'
  }
  if (trustedOrigins.includes(url.origin)) return null
  if (url.protocol !== 'https:') return 'The image address must start with https:// so Meta can fetch it securely.'
  if (url.username || url.password) return 'The image address must not contain a user name or password.'
  const host = url.hostname.replace(/^\[|\]$/g, '')
  let addresses: string[]
  if (isIP(host)) addresses = [host]
  else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address)
    } catch {
      return `The image host “${host}” could not be found. Check the address; Meta must be able to download the image.`
    }
  }
  if (!addresses.every(isPublicAddress)) {
    return 'The image address points to a private or local network, which Meta cannot reach. Use a public https address.'
  }
  return null
}
