import { createHash, randomBytes } from 'node:crypto'
import { createCookie, redirect } from '@remix-run/node'
import { prisma } from '../db.ts'
import { getEnv } from '../env.ts'

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000

export type SessionUser = { id: string; email: string }

function sessionCookie() {
  const env = getEnv()
  const production = env.NODE_ENV === 'production'
  // The __Host- prefix makes browsers refuse the cookie unless it is Secure, host-only and on "/",
  // so a sibling subdomain cannot plant a session; it needs HTTPS, hence production only.
  return createCookie(production ? '__Host-duopost_session' : 'duopost_session', {
    httpOnly: true,
    sameSite: 'lax',
    secure: production,
    path: '/',
    maxAge: SESSION_TTL_MS / 1000,
    secrets: [env.SESSION_SECRET],
  })
}

/**
 * The database keeps only this hash of each session's secret (the cookie's value), so a copy of
 * the database or its WAL cannot be replayed as a login. The secret has 256 random bits, so a
 * fast hash is enough.
 */
export function sessionRowId(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

/** The row id of the request's session cookie, or null. */
async function sessionIdFrom(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get('cookie'))
  return typeof value === 'string' && value.length > 0 ? sessionRowId(value) : null
}

/** The signed-in user and session row behind the request's cookie, or null (never throws). */
export async function getSession(request: Request): Promise<{ user: SessionUser; sessionId: string; emailVerified: boolean } | null> {
  const sessionId = await sessionIdFrom(request)
  if (!sessionId) return null
  const session = await prisma.session.findUnique({
    where: { id: sessionId },
    select: { expiresAt: true, user: { select: { id: true, email: true, emailVerifiedAt: true } } },
  })
  if (!session || session.expiresAt <= new Date()) return null
  const { emailVerifiedAt, ...user } = session.user
  return { user, sessionId, emailVerified: emailVerifiedAt !== null }
}

export async function getUser(request: Request): Promise<SessionUser | null> {
  return (await getSession(request))?.user ?? null
}

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request)
  if (user) return user
  const url = new URL(request.url)
  const redirectTo = `${url.pathname}${url.search}`
  throw redirect(`/login?${new URLSearchParams({ redirectTo })}`)
}

export async function requireAnonymous(request: Request): Promise<void> {
  if (await getUser(request)) throw redirect('/dashboard')
}

/**
 * Starts a fresh session for the user and returns its Set-Cookie header. Any session the request
 * already carried is deleted, so a session id planted before sign-in never becomes authenticated.
 */
export async function startSession(request: Request, userId: string): Promise<string> {
  const previous = await sessionIdFrom(request)
  if (previous) await prisma.session.deleteMany({ where: { id: previous } })
  const secret = randomBytes(32).toString('base64url')
  await prisma.session.create({ data: { id: sessionRowId(secret), userId, expiresAt: new Date(Date.now() + SESSION_TTL_MS) } })
  return sessionCookie().serialize(secret)
}

/** Deletes the request's session row and returns the Set-Cookie header that clears the cookie. */
export async function endSession(request: Request): Promise<string> {
  const sessionId = await sessionIdFrom(request)
  if (sessionId) await prisma.session.deleteMany({ where: { id: sessionId } })
  return sessionCookie().serialize('', { maxAge: 0 })
}

export async function endAllSessions(userId: string): Promise<void> {
  await prisma.session.deleteMany({ where: { userId } })
}

/** Ends every session of the person but the one this request carries (after a password change). */
export async function endOtherSessions(request: Request, userId: string): Promise<void> {
  const current = await sessionIdFrom(request)
  await prisma.session.deleteMany({ where: { userId, ...(current ? { id: { not: current } } : {}) } })
}
