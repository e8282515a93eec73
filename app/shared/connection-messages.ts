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
  code_rejected: 'Meta did not accept the authorization, so nothing was connected. Start again with the Connect button.',
  permission_missing: 'Duopost needs permission to publish. Connect again and leave every requested permission switched on.',
  no_pages: 'You did not choose any Facebook Page, so nothing was connected. Connect again and tick the Pages you want to publish to.',
  meta_unreachable: 'Duopost could not reach Meta, so nothing was connected. Try again in a few minutes.',
  meta_rate_limited: 'Meta is limiting requests from Duopost right now, so nothing was connected. Try again in a little while.',
  not_configured: 'This Duopost server has no Meta app configured for that connection. Ask its administrator to set it up.',
  connection_failed: 'Connecting failed unexpectedly and nothing was saved. Try again; if it keeps failing, check the server log.',
} as const

export type ConnectionSuccess = keyof typeof CONNECTION_SUCCESS
export type ConnectionErrorCode = keyof typeof CONNECTION_ERRORS

export function isConnectionSuccess(value: unknown): value is ConnectionSuccess {
  return typeof value === 'string' && Object.hasOwn(CONNECTION_SUCCESS, value)
}

export function isConnectionErrorCode(value: unknown): value is ConnectionErrorCode {
  return typeof value === 'string' && Object.hasOwn(CONNECTION_ERRORS, value)
}
