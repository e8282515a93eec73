import dns from 'node:dns'
import type { LookupFunction } from 'node:net'
import ipaddr from 'ipaddr.js'

// The deprecated IPv4-compatible IPv6 block (::a.b.c.d): ipaddr.js calls it unicast, but
// "[::7f00:1]" is 127.0.0.1 to some stacks.
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96')

/**
 * Whether an address is on the public internet: a public unicast address, judged by ipaddr.js's
 * table of special ranges (loopback, private, link-local, carrier-grade NAT, multicast,
 * documentation and benchmarking, discard, NAT64, 6to4, Teredo, ...), which covers the IPv6 forms
 * of private IPv4 addresses that a hand-written list misses. IPv4-mapped addresses are judged as
 * the IPv4 address they carry. Used wherever Duopost or Meta is sent to an address a person gave.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false
  const parsed = ipaddr.process(address)
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).match(IPV4_COMPATIBLE)) return false
  return parsed.range() === 'unicast'
}

/**
 * A DNS lookup for connecting to an address a person gave: it drops every non-public address at
 * the moment of connecting, so a name that passed a check cannot be pointed inside afterwards (DNS
 * rebinding). `allowPrivate` lets tests and laptops reach their own machine where that is wanted.
 */
export function publicOnlyLookup(allowPrivate: () => boolean = () => false): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4)
      const allowed = allowPrivate() ? addresses : addresses.filter((entry) => isPublicAddress(entry.address))
      if (allowed.length === 0) {
        return callback(Object.assign(new Error(`${hostname} resolves only to private or local addresses`), { code: 'EPRIVATE' }), '', 4)
      }
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, allowed)
      return callback(null, allowed[0]!.address, allowed[0]!.family)
    })
  }
}
