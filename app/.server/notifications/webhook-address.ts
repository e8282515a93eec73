import dns from 'node:dns'
import type { LookupFunction } from 'node:net'
import ipaddr from 'ipaddr.js'
import { getEnv } from '../env.ts'

/** Whether webhook endpoints may be on this machine or a private network: only outside production (tests, laptops). */
function privateAllowed(): boolean {
  return getEnv().NODE_ENV !== 'production'
}

/** Only public unicast addresses: no loopback, private, link-local (cloud metadata), multicast or reserved ones. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false
  const parsed = ipaddr.process(address)
  return parsed.range() === 'unicast'
}

/** Why this URL cannot be a webhook endpoint, or null when it can. */
export function endpointUrlProblem(value: string): string | null {
  if (!URL.canParse(value)) return 'Enter the full address, starting with https://, e.g. https://example.com/duopost-events.'
  const url = new URL(value)
  if (url.username || url.password) return 'Leave user names and passwords out of the address; Duopost signs every delivery instead.'
  if (url.protocol !== 'https:' && !(privateAllowed() && url.protocol === 'http:'))
    return 'Use an https:// address: events are sent only over HTTPS.'
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (!privateAllowed() && (host === 'localhost' || (ipaddr.isValid(host) && !isPublicAddress(host)))) {
    return 'That address is on a private network or this server. Use an address on the public internet.'
  }
  return null
}

/**
 * The DNS lookup every delivery connects through: in production it refuses a name that resolves
 * to a private address at the moment of connecting, so a name cannot be pointed inside later
 * (DNS rebinding) after the URL was accepted.
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 4)
    const list = addresses
    const allowed = privateAllowed() ? list : list.filter((entry) => isPublicAddress(entry.address))
    if (allowed.length === 0) {
      return callback(Object.assign(new Error(`${hostname} resolves only to private addresses`), { code: 'EPRIVATE' }), '', 4)
    }
    if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, allowed)
    return callback(null, allowed[0]!.address, allowed[0]!.family)
  })
}
