import ipaddr from 'ipaddr.js'
import { getEnv } from '../env.ts'
import { isPublicAddress, publicOnlyLookup } from '../public-address.ts'

/** Whether webhook endpoints may be on this machine or a private network: only outside production (tests, laptops). */
function privateAllowed(): boolean {
  return getEnv().NODE_ENV !== 'production'
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
 * to a private address at the moment of connecting (DNS rebinding).
 */
export const guardedLookup = publicOnlyLookup(privateAllowed)
