import { randomUUID } from 'node:crypto'
import { createCookie } from '@remix-run/node'
import { getEnv } from '#app/.server/env.ts'
import {
  CONNECTION_ERRORS,
  CONNECTION_NOTICES,
  CONNECTION_SUCCESS,
  isConnectionErrorCode,
  isConnectionNotice,
  isConnectionSuccess,
} from '#app/shared/connection-messages.ts'

/** A one-time message shown at the top of the next page. */
export type Flash = { id: string; tone: 'success' | 'warning' | 'error'; message: string }

/**
 * A message for the next page only (after a redirect), kept in a short-lived signed cookie: it
 * works without JavaScript, survives the redirect that cleans the URL, and cannot be forged by a
 * crafted link because only the server writes it.
 */
function flashCookie() {
  const env = getEnv()
  return createCookie('duopost_flash', {
    httpOnly: true,
    sameSite: 'lax',
    secure: env.NODE_ENV === 'production',
    path: '/',
    maxAge: 60,
    secrets: [env.SESSION_SECRET],
  })
}

/** The Set-Cookie header that shows `message` on the next page. */
export function setFlash(tone: Flash['tone'], message: string): Promise<string> {
  const flash: Flash = { id: randomUUID(), tone, message }
  return flashCookie().serialize(flash)
}

/** The pending message, if any, and the Set-Cookie header that uses it up. */
export async function takeFlash(request: Request): Promise<{ flash: Flash | null; headers: HeadersInit }> {
  const cookie = flashCookie()
  const value = (await cookie.parse(request.headers.get('cookie'))) as Flash | null
  if (!value) return { flash: null, headers: {} }
  return { flash: value, headers: { 'Set-Cookie': await cookie.serialize('', { maxAge: 0 }) } }
}

/** The query parameters the OAuth callback may add to the page it returns to. */
export const CALLBACK_PARAMS = ['success', 'notice', 'connected', 'error'] as const

/**
 * The OAuth callback reports its outcome as `?success=` (with `?notice=` and `?connected=` when
 * something could not be connected) or `?error=`: codes and a count, never text. Returns the flash
 * for it, or null when the URL carries neither; an unknown code gets the generic failure.
 */
export function callbackFlash(params: URLSearchParams): Pick<Flash, 'tone' | 'message'> | null {
  const success = params.get('success')
  const notice = params.get('notice')
  const connected = Number(params.get('connected'))
  if (isConnectionSuccess(success) && isConnectionNotice(notice) && Number.isSafeInteger(connected) && connected > 0)
    return { tone: 'warning', message: CONNECTION_NOTICES[notice](connected) }
  if (isConnectionSuccess(success)) return { tone: 'success', message: CONNECTION_SUCCESS[success] }
  const error = params.get('error')
  if (error !== null) return { tone: 'error', message: CONNECTION_ERRORS[isConnectionErrorCode(error) ? error : 'connection_failed'] }
  return null
}
