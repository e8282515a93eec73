import { errorFields, logEvent } from '../log.ts'
import type { MetaResponse } from '../platforms/http.ts'
import { MetaApiError } from '../platforms/meta-error.ts'
import type { MetaTokenInfo } from '../platforms/meta-schemas.ts'

/**
 * Meta's own view of a token (debug_token), or null when Meta could not be asked. Meta's answer
 * is the one to trust about validity and expiry, but asking is a confirmation, not a step: a
 * failed check (Meta down, a dropped answer) is logged and never fails the connect or renewal
 * it follows; the next hourly health check asks again.
 */
export async function askMetaAboutToken(
  ask: () => Promise<MetaResponse<MetaTokenInfo>>,
  context: { platform: string; accountId?: string; step: string },
): Promise<MetaTokenInfo | null> {
  try {
    return (await ask()).data
  } catch (error) {
    if (!(error instanceof MetaApiError)) throw error
    logEvent('warn', 'accounts.token_check_failed', { ...context, ...errorFields(error) })
    return null
  }
}

/** The expiry to store: Meta's `expires_at` when it answered, else the one computed from `expires_in`. */
export function confirmedExpiry(info: MetaTokenInfo | null, computed: Date | null): Date | null {
  if (!info?.isValid) return computed
  return info.expiresAt
}
