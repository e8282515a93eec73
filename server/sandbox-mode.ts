/**
 * Sandbox mode: with no Meta app configured, `npm start` runs the local Meta sandbox beside the app
 * and points the app at it, so a new user can sign up, connect, publish and see where the post
 * landed with nothing set up. The sandbox itself is loaded only once sandbox mode is on, so a
 * configured or production process never loads it; the rest of the app asks `sandboxUrl()` in env.ts.
 */
import { callbackPath } from '#app/.server/accounts/providers.ts'
import { reloadEnv, type Env } from '#app/.server/env.ts'
import type { SandboxControl } from '#sandbox/control-client.ts'
import type { PersonInput } from '#sandbox/control-types.ts'
import type { RunningSandbox } from '#sandbox/server.ts'

const CREDENTIALS = ['THREADS_APP_ID', 'THREADS_APP_SECRET', 'FACEBOOK_APP_ID', 'FACEBOOK_APP_SECRET'] as const

/**
 * The demo person signed in on the sandbox's consent pages. The ids are fixed so that after a
 * restart (the sandbox keeps everything in memory) reconnecting finds the same profile and Pages,
 * and Duopost updates its existing connections instead of adding new ones.
 */
export function demoPerson(sandboxUrl: string): PersonInput {
  return {
    id: '100000000000001',
    name: 'Alex Rivera',
    threads: {
      id: '17841400000000001',
      username: 'alex.rivera',
      biography: 'Coffee, bikes and books.',
      profilePictureUrl: `${sandboxUrl}/__sandbox/media/sample.png`,
    },
    pages: [
      { id: '100000000000011', name: 'Rivera Coffee Roasters', category: 'Coffee shop' },
      { id: '100000000000012', name: 'Rivera Bike Repair', category: 'Bicycle repair shop' },
      { id: '100000000000013', name: 'Rivera Books', category: 'Bookstore' },
    ],
    signIn: true,
  }
}

export function wantsSandboxMode(env: Env): boolean {
  return env.NODE_ENV !== 'production' && CREDENTIALS.every((name) => env[name] === undefined)
}

type SandboxServer = typeof import('#sandbox/server.ts')

async function listen({ DEFAULT_PORT, startSandbox }: SandboxServer, port: number | undefined): Promise<RunningSandbox> {
  try {
    return await startSandbox({ port: port ?? DEFAULT_PORT })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
    // The default port is only a preference; a port the person chose must be honoured or refused.
    if (port === undefined) return startSandbox({ port: 0 })
    throw new Error(`SANDBOX_PORT ${port} is already in use: stop what listens there, or set SANDBOX_PORT to a free port (0 picks one).`)
  }
}

/** Registers Duopost's two Meta apps with the sandbox, exactly as one would at developers.facebook.com. */
async function registerApps(control: SandboxControl, appUrl: string) {
  const threads = await control.registerApp({
    platform: 'threads',
    name: 'Duopost (sandbox mode)',
    redirectUris: [`${appUrl}${callbackPath('threads')}`],
    deauthorizeCallbackUrl: `${appUrl}/webhooks/threads/uninstall`,
    dataDeletionCallbackUrl: `${appUrl}/webhooks/threads/delete`,
  })
  const facebook = await control.registerApp({
    platform: 'facebook',
    name: 'Duopost (sandbox mode)',
    redirectUris: [`${appUrl}${callbackPath('facebook')}`],
    deauthorizeCallbackUrl: `${appUrl}/webhooks/meta/deauthorize`,
    dataDeletionCallbackUrl: `${appUrl}/webhooks/meta/data-deletion`,
  })
  return { threads, facebook }
}

export type SandboxMode = {
  /** The configuration to use from now on. */
  env: Env
  /** The running sandbox in sandbox mode (it stops with the process), else null. */
  sandbox: RunningSandbox | null
}

/**
 * When no Meta credential is set (outside production), starts the sandbox, registers the apps,
 * seeds the demo person and rewrites the Meta settings in process.env to point at the sandbox.
 * Must run before anything caches a Meta client.
 */
export async function enterSandboxModeIfUnconfigured(env: Env, log: (line: string) => void = console.log): Promise<SandboxMode> {
  if (!wantsSandboxMode(env)) {
    const missing = CREDENTIALS.filter((name) => env[name] === undefined)
    if (missing.length === CREDENTIALS.length)
      log(`No Meta app is configured and sandbox mode is off in production: set ${missing.join(', ')} to connect Threads and Facebook.`)
    else if (missing.length > 0)
      log(`Meta is only partly configured (${missing.join(', ')} unset): that connection stays unavailable until they are set.`)
    return { env, sandbox: null }
  }
  const server = await import('#sandbox/server.ts')
  const { SandboxControl } = await import('#sandbox/control-client.ts')
  const sandbox = await listen(server, env.SANDBOX_PORT)
  const control = new SandboxControl(sandbox.url)
  const apps = await registerApps(control, env.APP_URL)
  const person = await control.createPerson(demoPerson(sandbox.url))
  Object.assign(process.env, {
    THREADS_APP_ID: apps.threads.id,
    THREADS_APP_SECRET: apps.threads.secret,
    FACEBOOK_APP_ID: apps.facebook.id,
    FACEBOOK_APP_SECRET: apps.facebook.secret,
    THREADS_API_URL: sandbox.url,
    THREADS_AUTHORIZE_URL: `${sandbox.url}/oauth/authorize`,
    FACEBOOK_GRAPH_URL: sandbox.url,
    FACEBOOK_AUTHORIZE_URL: `${sandbox.url}/${env.FACEBOOK_GRAPH_VERSION}/dialog/oauth`,
    META_SANDBOX_URL: sandbox.url,
  })
  log(`Sandbox mode: no Meta app is configured, so Duopost publishes to the local Meta sandbox at ${sandbox.url}`)
  if (env.SANDBOX_PORT === undefined && sandbox.port !== server.DEFAULT_PORT)
    log(`  (port ${server.DEFAULT_PORT} was in use; set SANDBOX_PORT to choose one.)`)
  log(`  Its consent pages sign you in as ${person.name} (Threads @${person.threads?.username}, ${person.pages.length} Pages).`)
  log('  The sandbox forgets everything when Duopost stops: after a restart, press Reconnect on the dashboard.')
  log(`  To publish to Meta for real, set ${CREDENTIALS.join(', ')} (see README).`)
  return { env: reloadEnv(), sandbox }
}
