import { afterAll, beforeAll } from 'vitest'
import { MetaApiError } from '#app/.server/platforms/meta-error.ts'
import { SandboxControl } from '../../sandbox/control-client.ts'
import { startSandbox, type RunningSandbox } from '../../sandbox/server.ts'

export const REDIRECT_URI = 'https://duopost.example/auth/callback'

/** One sandbox for the calling test file, started before its tests and closed after them. */
export function useSandbox(): { readonly url: string; readonly control: SandboxControl } {
  let sandbox: RunningSandbox | undefined
  let control: SandboxControl | undefined
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 })
    control = new SandboxControl(sandbox.url)
  })
  afterAll(() => sandbox?.close())
  return {
    get url() {
      if (!sandbox) throw new Error('The sandbox is started in beforeAll; use it inside tests.')
      return sandbox.url
    },
    get control() {
      if (!control) throw new Error('The sandbox is started in beforeAll; use it inside tests.')
      return control
    },
  }
}

/** The MetaApiError a call to Meta must fail with. */
export async function failureOf(call: Promise<unknown>): Promise<MetaApiError> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  if (!(error instanceof MetaApiError)) throw new Error(`Expected a MetaApiError, got ${String(error)}`)
  return error
}
