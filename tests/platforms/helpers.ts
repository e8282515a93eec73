import { MetaApiError } from '#app/.server/platforms/meta-error.ts'

// The clients are tested without Duopost's app registration, so they use the bare sandbox.
export { useRunningSandbox as useSandbox } from '#tests/meta-sandbox.ts'

export const REDIRECT_URI = 'https://duopost.example/auth/callback'

/** The MetaApiError a call to Meta must fail with. */
export async function failureOf(call: Promise<unknown>): Promise<MetaApiError> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  if (!(error instanceof MetaApiError)) throw new Error(`Expected a MetaApiError, got ${String(error)}`)
  return error
}
