import { prisma } from '../db.ts'

export const MAX_FAILURES_PER_WINDOW = 10
export const WINDOW_MS = 60_000

export type ThrottleKeys = { email: string; ip: string | null }

function keysOf({ email, ip }: ThrottleKeys): string[] {
  return ip ? [`email:${email}`, `ip:${ip}`] : [`email:${email}`]
}

/**
 * Seconds until another attempt is allowed, or 0 when the email and the address are both under
 * the limit. Counted in the database so every web process enforces the same limit.
 */
export async function secondsUntilAllowed(keys: ThrottleKeys, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - WINDOW_MS)
  let wait = 0
  for (const key of keysOf(keys)) {
    const recent = await prisma.loginFailure.findMany({
      where: { key, createdAt: { gt: since } },
      orderBy: { createdAt: 'desc' },
      take: MAX_FAILURES_PER_WINDOW,
      select: { createdAt: true },
    })
    const oldestCounted = recent[MAX_FAILURES_PER_WINDOW - 1]
    if (oldestCounted) {
      const freeAt = oldestCounted.createdAt.getTime() + WINDOW_MS
      wait = Math.max(wait, Math.ceil((freeAt - now.getTime()) / 1000))
    }
  }
  return wait
}

export async function recordFailure(keys: ThrottleKeys): Promise<void> {
  await prisma.loginFailure.createMany({ data: keysOf(keys).map((key) => ({ key })) })
  // Old rows are useless once outside the window; trimming on write keeps the table small
  // without a separate cleanup job.
  await prisma.loginFailure.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - WINDOW_MS) } } })
}

export async function clearFailures(email: string): Promise<void> {
  await prisma.loginFailure.deleteMany({ where: { key: `email:${email}` } })
}
