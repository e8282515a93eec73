/** What the HTTP server passes to every loader and action besides the Request. */
export type DuopostLoadContext = {
  clientIp: string | null
  /** The Content-Security-Policy nonce for this response's inline scripts; absent under the Vite dev server. */
  cspNonce?: string
}

declare module '@remix-run/node' {
  interface AppLoadContext extends DuopostLoadContext {}
}

/** The client's address as the server saw it; null under the Vite dev server, which passes none. */
export function clientIp(context: Partial<DuopostLoadContext> | undefined): string | null {
  return context?.clientIp ?? null
}
