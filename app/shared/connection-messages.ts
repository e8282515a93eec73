/**
 * What the dashboard says after Meta sends the person back. The callback puts only a code in the
 * URL (never Meta's own text, which could be spoofed in a crafted link); this is the one place that
 * turns codes into words. Shared by server and browser code.
 */
export const CONNECTION_SUCCESS = {
  threads_connected: 'Your Threads profile is connected. You can publish to it now.',
  facebook_connected: 'Your Facebook Pages are connected. Choose which ones to publish to when you write a post.',
} as const

export const CONNECTION_ERRORS = {
  consent_denied: 'You cancelled at Meta, so nothing was connected. Connect again whenever you are ready.',
  state_missing: 'That sign-in link was incomplete, so nothing was connected. Start again with the Connect button.',
  state_invalid: 'That sign-in link was already used or is unknown, so nothing was connected. Start again with the Connect button.',
  state_expired: 'That sign-in link expired (they last 10 minutes), so nothing was connected. Start again with the Connect button.',
  state_other_user:
    'That sign-in link was started by a different Duopost account, so nothing was connected. Start again from your own dashboard.',
  state_wrong_provider:
    'That sign-in link belongs to the other Meta connection, so nothing was connected. Start again with the Connect button.',
  code_rejected:
    'Meta did not accept the sign-in code it sent back (it may have expired or been used already), so nothing was connected. Start again with the Connect button.',
  access_rejected:
    'Meta issued access and then refused it when Duopost used it (the password may have changed or Duopost was removed meanwhile), so nothing was connected. Start again with the Connect button.',
  pages_unlisted:
    'Meta refused to list your Facebook Pages, so nothing was connected. Start again with the Connect button; if it keeps failing, check the server log.',
  business_pages_only_unlisted:
    'You have no Facebook Pages of your own and Meta could not list your Business Manager Pages, so nothing was connected. Try again in a few minutes.',
  app_misconfigured:
    'Meta refused this Duopost server’s app settings (app id, secret or redirect address), so nothing was connected. Ask its administrator to check them.',
  meta_unexpected:
    'Meta answered in a way Duopost does not understand, so nothing was connected. Try again; if it keeps failing, check the server log.',
  permission_missing: 'Duopost needs permission to publish. Connect again and leave every requested permission switched on.',
  no_pages: 'You did not choose any Facebook Page, so nothing was connected. Connect again and tick the Pages you want to publish to.',
  meta_unreachable: 'Duopost could not reach Meta, so nothing was connected. Try again in a few minutes.',
  meta_rate_limited: 'Meta is limiting requests from Duopost right now, so nothing was connected. Try again in a little while.',
  not_configured: 'This Duopost server has no Meta app configured for that connection. Ask its administrator to set it up.',
  connection_failed: 'Connecting failed unexpectedly and nothing was saved. Try again; if it keeps failing, check the server log.',
} as const

/** What a connection that worked could not do; `connected` is how many accounts it connected. */
export const CONNECTION_NOTICES = {
  business_pages_unlisted: (connected: number) =>
    `Business Manager Pages could not be listed; your other ${connected} ${connected === 1 ? 'Page is' : 'Pages are'} connected. Connect Facebook again later to add them.`,
} as const

export type ConnectionSuccess = keyof typeof CONNECTION_SUCCESS
export type ConnectionNotice = keyof typeof CONNECTION_NOTICES
export type ConnectionErrorCode = keyof typeof CONNECTION_ERRORS

export function isConnectionSuccess(value: unknown): value is ConnectionSuccess {
  return typeof value === 'string' && Object.hasOwn(CONNECTION_SUCCESS, value)
}

export function isConnectionNotice(value: unknown): value is ConnectionNotice {
  return typeof value === 'string' && Object.hasOwn(CONNECTION_NOTICES, value)
}

export function isConnectionErrorCode(value: unknown): value is ConnectionErrorCode {
  return typeof value === 'string' && Object.hasOwn(CONNECTION_ERRORS, value)
}
