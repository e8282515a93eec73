/** The two kinds of connection; each has its own OAuth flow and redirect URI (mix-up defence). */
export const PROVIDERS = ['threads', 'facebook'] as const
export type Provider = (typeof PROVIDERS)[number]

/** `Account.provider` values, as the original design names them. */
export const ACCOUNT_PROVIDER = { threads: 'threads', facebook: 'facebook-pages' } as const satisfies Record<Provider, string>

export function isProvider(value: unknown): value is Provider {
  return typeof value === 'string' && (PROVIDERS as readonly string[]).includes(value)
}

export function callbackPath(provider: Provider): string {
  return `/auth/${provider}/callback`
}
