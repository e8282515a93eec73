import dns from 'node:dns'
import { lookup } from 'node:dns/promises'
import { isIP, type LookupFunction } from 'node:net'
import ipaddr from 'ipaddr.js'

// The deprecated IPv4-compatible IPv6 block (::a.b.c.d): ipaddr.js calls it unicast, but
// "[::7f00:1]" is 127.0.0.1 to some stacks.
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96')

/**
 * Whether Meta must not be sent to this address: anything but a public unicast address, judged by
 * ipaddr.js's table of special ranges (loopback, private, link-local, carrier-grade NAT, multicast,
 * documentation and benchmarking, discard, NAT64, 6to4, Teredo, ...), which covers the IPv6 forms
 * of private IPv4 addresses that a hand-written list misses. IPv4-mapped addresses are judged as
 * the IPv4 address they carry.
 */
function isBlockedAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return true
  const parsed = ipaddr.process(address)
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).match(IPV4_COMPATIBLE)) return true
  return parsed.range() !== 'unicast'
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

/**
 * The DNS lookup a download from a person's address connects through: it drops every private or
 * local address at the moment of connecting, so a name that passed `imageUrlProblem` cannot be
 * pointed inside afterwards (DNS rebinding).
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 4)
    const allowed = addresses.filter((entry) => !isBlockedAddress(entry.address))
    if (allowed.length === 0) {
      return callback(Object.assign(new Error(`${hostname} resolves only to private or local addresses`), { code: 'EPRIVATE' }), '', 4)
    }
    if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, allowed)
    return callback(null, allowed[0]!.address, allowed[0]!.family)
  })
}
