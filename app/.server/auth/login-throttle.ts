import { consumeRateLimit, type RateLimitRule } from './rate-limit.ts'

const TEN_MINUTES = 10 * 60_000

/**
 * Sign-in attempts allowed, each counted before the password is checked. Each limit is a burst
 * followed by a steady trickle (GCRA, rate-limit.ts), so nobody is ever locked out for long:
 * - one address against one account: 10, then one a minute. Someone guessing a victim's password
 *   only slows down their own address, never the victim's;
 * - one account from all addresses together: 100, then ten a minute. Only many addresses at once
 *   reach it, and it bounds a distributed guess;
 * - one address against all accounts (password spraying): 100, then ten a minute, so a whole
 *   office behind one address can still sign in. Behind a proxy, TRUST_PROXY must be set, or
 *   every visitor shares the proxy's address.
 */
export const LOGIN_LIMITS = {
  accountAndAddress: { limit: 10, windowMs: TEN_MINUTES },
  account: { limit: 100, windowMs: TEN_MINUTES },
  address: { limit: 100, windowMs: TEN_MINUTES },
} satisfies Record<string, RateLimitRule>

/** New accounts from one address: 10, then one every six minutes (sign-up floods slow every sign-in). */
export const SIGNUP_LIMIT: RateLimitRule = { limit: 10, windowMs: 60 * 60_000 }

export type ThrottleKeys = { email: string; ip: string | null }

/**
 * Takes one attempt from each of the email's and address's budgets, atomically per budget, so
 * parallel attempts cannot all pass a check made before any was counted. Returns the seconds to
 * wait when a budget is spent (0 when the attempt may go ahead). A refused attempt stops at the
 * first spent budget and takes nothing from the rest.
 */
export async function reserveLoginAttempt({ email, ip }: ThrottleKeys, now = Date.now()): Promise<number> {
  const address = ip ?? 'unknown'
  const budgets: [string, RateLimitRule][] = [
    [`login:account-address:${email}|${address}`, LOGIN_LIMITS.accountAndAddress],
    [`login:account:${email}`, LOGIN_LIMITS.account],
    [`login:address:${address}`, LOGIN_LIMITS.address],
  ]
  for (const [key, rule] of budgets) {
    const decision = await consumeRateLimit(key, rule, now)
    if (!decision.allowed) return decision.retryAfterSeconds
  }
  return 0
}

/** Takes one sign-up from the address's budget; the seconds to wait when it is spent, else 0. */
export async function reserveSignup(ip: string | null, now = Date.now()): Promise<number> {
  const decision = await consumeRateLimit(`signup:address:${ip ?? 'unknown'}`, SIGNUP_LIMIT, now)
  return decision.allowed ? 0 : decision.retryAfterSeconds
}

/** Password confirmations by a signed-in person (users.ts confirmPassword): the same budget as one address against one account. */
export async function reserveReauthentication(userId: string, now = Date.now()): Promise<number> {
  const decision = await consumeRateLimit(`reauth:user:${userId}`, LOGIN_LIMITS.accountAndAddress, now)
  return decision.allowed ? 0 : decision.retryAfterSeconds
}

/** Emails a person can make Duopost send (reset links, verification): 5 an hour per address and per recipient. */
export const EMAIL_REQUEST_LIMIT: RateLimitRule = { limit: 5, windowMs: 60 * 60_000 }

/** Takes one email from the sender address's and the recipient's budgets; the seconds to wait when one is spent, else 0. */
export async function reserveEmailRequest({ email, ip }: ThrottleKeys, now = Date.now()): Promise<number> {
  for (const key of [`mail:address:${ip ?? 'unknown'}`, `mail:recipient:${email}`]) {
    const decision = await consumeRateLimit(key, EMAIL_REQUEST_LIMIT, now)
    if (!decision.allowed) return decision.retryAfterSeconds
  }
  return 0
}
