import express from 'express'
import type { Env } from '../env.ts'
import { requestBodyLimit } from './body-limit.ts'
import { sameOriginGuard } from './same-origin.ts'
import { noStore, securityHeaders } from './security-headers.ts'

/**
 * `trust proxy` for Express from TRUST_PROXY: unset means no proxy (the socket's address is the
 * client's); a number is how many proxies in front append to X-Forwarded-For; anything else is
 * Express's own list of addresses or names (loopback, uniquelocal, 10.0.0.0/8...).
 */
export function trustProxySetting(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value === 'false' || value === '0') return false
  if (/^\d+$/.test(value)) return Number(value)
  return value
}

function originsOf(urls: (string | undefined)[]): string[] {
  return [...new Set(urls.filter((url): url is string => Boolean(url)).map((url) => new URL(url).origin))]
}

/** Headers on every response, the static files included. */
export function headerGuards(env: Env): express.RequestHandler[] {
  return securityHeaders({
    production: env.NODE_ENV === 'production',
    https: env.APP_URL.startsWith('https:'),
    formTargets: originsOf([env.THREADS_AUTHORIZE_URL, env.FACEBOOK_AUTHORIZE_URL, env.META_SANDBOX_URL]),
    imageOrigins: originsOf([env.META_SANDBOX_URL]),
  })
}

/**
 * What every dynamic request passes before Remix sees it: no caching, our own origin for anything
 * that changes state, and a bounded body. None of it relies on Remix (docs/decisions/011).
 */
export function requestGuards(env: Env): express.RequestHandler[] {
  return [noStore, sameOriginGuard(env.APP_URL), requestBodyLimit()]
}
