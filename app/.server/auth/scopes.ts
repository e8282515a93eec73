/** What an access token may do; a browser session may do all of it. */
export const API_SCOPES = ['read', 'publish', 'connections', 'webhooks'] as const
export type ApiScope = (typeof API_SCOPES)[number]

/** Scopes are stored as text: one this version does not know grants nothing. Sorted and unique. */
export function knownScopes(scopes: readonly string[]): ApiScope[] {
  return API_SCOPES.filter((scope) => scopes.includes(scope))
}
