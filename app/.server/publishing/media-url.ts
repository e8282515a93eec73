import { lookup } from 'node:dns/promises'
import { BlockList, isIP } from 'node:net'

// Addresses Meta cannot fetch from, and that an attacker could use to make a server-side fetch
// reach inside a network: private, loopback, link-local, carrier-grade NAT, multicast, reserved.
const blocked = new BlockList()
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(network, prefix, 'ipv4')
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6')
}

function isBlockedAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1]
  if (mapped) return blocked.check(mapped, 'ipv4')
  return blocked.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4')
}

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
  if (addresses.some(isBlockedAddress)) {
    return 'The image address points to a private or local network, which Meta cannot reach. Use a public https address.'
  }
  return null
}
