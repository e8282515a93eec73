import { afterAll, beforeAll, beforeEach } from 'vitest'
import { reloadEnv } from '#app/.server/env.ts'
import { SandboxControl } from '../sandbox/control-client.ts'
import type { SandboxApp } from '../sandbox/control-types.ts'
import { startSandbox, type RunningSandbox } from '../sandbox/server.ts'
import { APP } from './utils.ts'

export { answerConsent } from './meta-consent.ts'

export type MetaSandbox = {
  readonly url: string
  readonly control: SandboxControl
  readonly threadsApp: SandboxApp
  readonly facebookApp: SandboxApp
}

/** Every token and code the sandbox mints carries this mark, so leak scans can look for it. */
export const SANDBOX_SECRET_PATTERN = /(?:TH|EAA|AQ)SANDBOX[A-Za-z0-9]{16,}/

export type RunningMetaSandbox = { readonly url: string; readonly control: SandboxControl }

/** A Meta sandbox over real HTTP on a free port for the calling test file, as it starts it. */
export function useRunningSandbox(): RunningMetaSandbox {
  let running: RunningSandbox | undefined
  let control: SandboxControl | undefined
  beforeAll(async () => {
    running = await startSandbox({ port: 0 })
    control = new SandboxControl(running.url)
  })
  afterAll(async () => {
    await running?.close()
  })
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The sandbox is started in beforeAll; use it inside tests.')
    return value
  }
  return {
    get url() {
      return started(running).url
    },
    get control() {
      return started(control)
    },
  }
}

/**
 * The Meta sandbox with Duopost's two Meta apps registered and the app's configuration pointing
 * at it, reset before each test.
 */
export function useMetaSandbox(): MetaSandbox {
  const sandbox = useRunningSandbox()
  const apps = {} as { threadsApp: SandboxApp; facebookApp: SandboxApp }

  beforeEach(async () => {
    const { control, url } = sandbox
    await control.reset()
    apps.threadsApp = await control.registerApp({
      platform: 'threads',
      name: 'Duopost (tests)',
      redirectUris: [`${APP}/auth/threads/callback`],
    })
    apps.facebookApp = await control.registerApp({
      platform: 'facebook',
      name: 'Duopost (tests)',
      redirectUris: [`${APP}/auth/facebook/callback`],
      deauthorizeCallbackUrl: `${APP}/webhooks/meta/deauthorize`,
      dataDeletionCallbackUrl: `${APP}/webhooks/meta/data-deletion`,
    })
    Object.assign(process.env, {
      THREADS_APP_ID: apps.threadsApp.id,
      THREADS_APP_SECRET: apps.threadsApp.secret,
      FACEBOOK_APP_ID: apps.facebookApp.id,
      FACEBOOK_APP_SECRET: apps.facebookApp.secret,
      THREADS_API_URL: url,
      THREADS_AUTHORIZE_URL: `${url}/oauth/authorize`,
      FACEBOOK_GRAPH_URL: url,
      FACEBOOK_AUTHORIZE_URL: `${url}/v25.0/dialog/oauth`,
      META_SANDBOX_URL: url,
    })
    reloadEnv()
  })

  return {
    get url() {
      return sandbox.url
    },
    get control() {
      return sandbox.control
    },
    get threadsApp() {
      return apps.threadsApp
    },
    get facebookApp() {
      return apps.facebookApp
    },
  }
}
