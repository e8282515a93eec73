import type { Platform } from '#prisma/generated/client/enums.ts'
import { PLATFORM_NAME } from './platform-name.ts'

/** The Meta app's id and secret from configuration, or an error saying which settings are missing. */
export function appCredentials(
  platform: Platform,
  appId: string | undefined,
  appSecret: string | undefined,
): { appId: string; appSecret: string } {
  if (appId && appSecret) return { appId, appSecret }
  const prefix = platform.toUpperCase()
  throw new Error(
    `${PLATFORM_NAME[platform]} is not configured: set ${prefix}_APP_ID and ${prefix}_APP_SECRET to your Meta app's values (see .env.example).`,
  )
}

/** Meta's authorization window; Threads and Facebook take the same parameters (meta-api.md §1.2, §2.2). */
export function authorizationUrl(
  dialogUrl: string,
  input: { appId: string; redirectUri: string; state: string; scopes: readonly string[] },
): string {
  const url = new URL(dialogUrl)
  url.searchParams.set('client_id', input.appId)
  url.searchParams.set('redirect_uri', input.redirectUri)
  url.searchParams.set('scope', input.scopes.join(','))
  url.searchParams.set('response_type', 'code')
  url.searchParams.set('state', input.state)
  return url.toString()
}
