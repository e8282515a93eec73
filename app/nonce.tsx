import { createContext, useContext } from 'react'

/**
 * The Content-Security-Policy nonce, given to Remix's inline scripts. Only the server render knows
 * it; browsers hide nonces from the page, so in the client it is empty, and React does not compare it.
 */
const NonceContext = createContext('')

export const NonceProvider = NonceContext.Provider

export function useNonce(): string {
  return useContext(NonceContext)
}
