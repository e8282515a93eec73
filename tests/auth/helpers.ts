import { prisma } from '#app/.server/db.ts'
import { action as loginAction } from '#app/routes/login.tsx'
import { action as signupAction } from '#app/routes/signup.tsx'
import { actionArgs, cookieFrom, formRequest, settle } from '#tests/utils.ts'

export const PASSWORD = 'correct horse battery staple'

export async function signUp(email: string, password = PASSWORD): Promise<{ response: Response; cookie: string; userId: string }> {
  const response = await settle(signupAction(actionArgs(formRequest('/signup', { email, password }))))
  const user = await prisma.user.findUniqueOrThrow({ where: { email: email.toLowerCase() }, select: { id: true } })
  return { response, cookie: cookieFrom(response), userId: user.id }
}

export function logIn(email: string, password = PASSWORD, options: { cookie?: string; clientIp?: string } = {}) {
  return loginAction(actionArgs(formRequest('/login', { email, password }, { cookie: options.cookie }), options.clientIp))
}

/** The session id inside a signed session cookie (base64 JSON, then a signature). */
export function sessionIdIn(cookie: string): string {
  const value = decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1))
  return JSON.parse(Buffer.from(value.slice(0, value.lastIndexOf('.')), 'base64').toString('utf8')) as string
}
