import { createCookie } from '@remix-run/node'
import { sessionRowId } from '#app/.server/auth/sessions.ts'
import { prisma } from '#app/.server/db.ts'
import { getEnv } from '#app/.server/env.ts'
import { action as loginAction } from '#app/routes/login.tsx'
import { action as signupAction } from '#app/routes/signup.tsx'
import { actionArgs, cookieFrom, formRequest, settle } from '#tests/utils.ts'

export const PASSWORD = 'correct horse battery staple'

/** Signs up, then logs in as sign-up asks (it signs nobody in): the login's response and cookie. */
export async function signUp(email: string, password = PASSWORD): Promise<{ response: Response; cookie: string; userId: string }> {
  await settle(signupAction(actionArgs(formRequest('/signup', { email, password }))))
  const user = await prisma.user.findUniqueOrThrow({ where: { email: email.toLowerCase() }, select: { id: true } })
  const response = await settle(logIn(email, password))
  return { response, cookie: cookieFrom(response), userId: user.id }
}

export function logIn(email: string, password = PASSWORD, options: { cookie?: string; clientIp?: string } = {}) {
  return loginAction(actionArgs(formRequest('/login', { email, password }, { cookie: options.cookie }), options.clientIp))
}

/** The session secret inside a signed session cookie (base64 JSON, then a signature). */
export function sessionSecretIn(cookie: string): string {
  const value = decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1))
  return JSON.parse(Buffer.from(value.slice(0, value.lastIndexOf('.')), 'base64').toString('utf8')) as string
}

/** The id of the session row behind a cookie: the hash of its secret. */
export function sessionIdIn(cookie: string): string {
  return sessionRowId(sessionSecretIn(cookie))
}

/** A correctly signed session cookie carrying `value`, as someone holding SESSION_SECRET could make. */
export async function sessionCookieFor(value: string): Promise<string> {
  const serialized = await createCookie('duopost_session', { secrets: [getEnv().SESSION_SECRET] }).serialize(value)
  return serialized.split(';')[0]!
}
