import { createGraphQLError, type Plugin } from 'graphql-yoga'
import { consumeRateLimit, consumeRateLimitsInTurn, type RateLimitDecision, type RateLimitRule } from '#app/.server/auth/rate-limit.ts'
import type { Authentication } from '#app/.server/auth/request-auth.ts'
import { getEnv } from '#app/.server/env.ts'

const WINDOW_MS = 60_000

/**
 * Requests a minute per access token (API_RATE_LIMIT) and per browser session
 * (SESSION_RATE_LIMIT), each also the largest burst. The dashboard's own requests count against
 * its session, whose limit is far above what a person clicking around sends. docs/api.md lists
 * the defaults; change both together.
 */
export function rateLimitRule(method: Authentication['method']): RateLimitRule {
  const env = getEnv()
  return { limit: method === 'token' ? env.API_RATE_LIMIT : env.SESSION_RATE_LIMIT, windowMs: WINDOW_MS }
}

// Remembered per request so that the response can report the budget left.
const decisions = new WeakMap<Request, RateLimitDecision>()

function bucketKey(authentication: Authentication): string {
  return authentication.method === 'token' ? `token:${authentication.tokenId}` : `session:${authentication.sessionId}`
}

function refuse(who: string, rule: RateLimitRule, decision: RateLimitDecision): never {
  const seconds = decision.retryAfterSeconds
  throw createGraphQLError(
    `Too many requests ${who}: the limit is ${rule.limit} per ${rule.windowMs / 1000} seconds. Retry in ${seconds} second${seconds === 1 ? '' : 's'}.`,
    {
      extensions: {
        code: 'RATE_LIMITED',
        retryAfterSeconds: seconds,
        http: { status: 429, headers: { 'Retry-After': String(seconds) } },
      },
    },
  )
}

/**
 * Counts the request against its token or session, then against its person (all their tokens and
 * sessions together); over either limit it fails with HTTP 429. The response's RateLimit headers
 * describe the token's or session's budget.
 */
export async function enforceRateLimit(request: Request, authentication: Authentication): Promise<void> {
  const rule = rateLimitRule(authentication.method)
  const perUser = { limit: getEnv().USER_RATE_LIMIT, windowMs: WINDOW_MS }
  const [decision, userDecision] = await consumeRateLimitsInTurn(
    { key: bucketKey(authentication), rule },
    { key: `user:${authentication.user.id}`, rule: perUser },
  )
  decisions.set(request, decision)
  if (!decision.allowed) refuse(authentication.method === 'token' ? 'with this access token' : 'with this browser session', rule, decision)
  if (userDecision && !userDecision.allowed) refuse('for your account (all its tokens and sessions together)', perUser, userDecision)
}

/**
 * Counts every request from the client's address before anything else is checked, so requests
 * without credentials or with invalid tokens are bounded too. No address (the Vite dev server
 * passes none) means no count. Behind a proxy the address is only right with TRUST_PROXY set.
 */
export async function enforceAddressRateLimit(clientIp: string | null | undefined): Promise<void> {
  if (!clientIp) return
  const rule = { limit: getEnv().ADDRESS_RATE_LIMIT, windowMs: WINDOW_MS }
  const decision = await consumeRateLimit(`address:${clientIp}`, rule)
  if (!decision.allowed) refuse('from your network address', rule, decision)
}

/** RateLimit-Limit, -Remaining and -Reset (seconds until the whole budget is back) on every counted response. */
export function useRateLimitHeaders(): Plugin {
  return {
    onResponse({ request, response }) {
      const decision = decisions.get(request)
      if (!decision) return
      response.headers.set('RateLimit-Limit', String(decision.limit))
      response.headers.set('RateLimit-Remaining', String(decision.remaining))
      response.headers.set('RateLimit-Reset', String(decision.resetSeconds))
    },
  }
}
