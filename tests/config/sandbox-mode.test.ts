import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { getEnv, parseEnv, reloadEnv, sandboxUrl } from '#app/.server/env.ts'
import { enterSandboxModeIfUnconfigured, type SandboxMode } from '#server/sandbox-mode.ts'
import { SandboxControl } from '../../sandbox/control-client.ts'

const META = [
  'THREADS_APP_ID',
  'THREADS_APP_SECRET',
  'FACEBOOK_APP_ID',
  'FACEBOOK_APP_SECRET',
  'THREADS_API_URL',
  'THREADS_AUTHORIZE_URL',
  'FACEBOOK_GRAPH_URL',
  'FACEBOOK_AUTHORIZE_URL',
  'META_SANDBOX_URL',
  'SANDBOX_PORT',
] as const
const saved = Object.fromEntries(META.map((name) => [name, process.env[name]]))
let running: SandboxMode | undefined

afterEach(async () => {
  await running?.sandbox?.close()
  running = undefined
  for (const name of META) {
    if (saved[name] === undefined) delete process.env[name]
    else process.env[name] = saved[name]
  }
  reloadEnv()
})

function unconfigured(extra: Record<string, string> = {}) {
  for (const name of META) delete process.env[name]
  Object.assign(process.env, extra)
  return reloadEnv()
}

describe('sandbox mode', () => {
  it('starts the sandbox when no Meta app is configured, points every Meta setting at it and seeds the demo person', async () => {
    const lines: string[] = []
    running = await enterSandboxModeIfUnconfigured(unconfigured({ SANDBOX_PORT: '0' }), (line) => lines.push(line))
    const url = running.sandbox!.url
    expect(sandboxUrl()).toBe(url)
    expect(getEnv()).toMatchObject({
      THREADS_API_URL: url,
      THREADS_AUTHORIZE_URL: `${url}/oauth/authorize`,
      FACEBOOK_GRAPH_URL: url,
      FACEBOOK_AUTHORIZE_URL: `${url}/v25.0/dialog/oauth`,
    })
    expect(running.env).toBe(getEnv())

    const control = new SandboxControl(url)
    const apps = await control.apps()
    const appUrl = getEnv().APP_URL
    expect(apps).toEqual([
      expect.objectContaining({
        platform: 'threads',
        id: getEnv().THREADS_APP_ID,
        secret: getEnv().THREADS_APP_SECRET,
        redirectUris: [`${appUrl}/auth/threads/callback`],
        deauthorizeCallbackUrl: `${appUrl}/webhooks/threads/uninstall`,
        dataDeletionCallbackUrl: `${appUrl}/webhooks/threads/delete`,
      }),
      expect.objectContaining({
        platform: 'facebook',
        id: getEnv().FACEBOOK_APP_ID,
        redirectUris: [`${appUrl}/auth/facebook/callback`],
        deauthorizeCallbackUrl: `${appUrl}/webhooks/meta/deauthorize`,
        dataDeletionCallbackUrl: `${appUrl}/webhooks/meta/data-deletion`,
      }),
    ])
    const state = await control.state()
    expect(state.people).toEqual([
      expect.objectContaining({ name: 'Alex Rivera', threads: expect.objectContaining({ username: 'alex.rivera' }) }),
    ])
    expect(state.people[0]!.pages.map((page) => page.name)).toEqual(['Rivera Coffee Roasters', 'Rivera Bike Repair', 'Rivera Books'])
    expect(state.signedInPersonId).toBe(state.people[0]!.id)
    expect(lines[0]).toMatch(/^Sandbox mode: .*at http:\/\/127\.0\.0\.1:\d+$/)
  })

  it('seeds the same ids every time, so reconnecting after a restart finds the same profile and Pages', async () => {
    running = await enterSandboxModeIfUnconfigured(unconfigured({ SANDBOX_PORT: '0' }), () => {})
    const first = (await new SandboxControl(running.sandbox!.url).people())[0]!
    await running.sandbox!.close()
    running = await enterSandboxModeIfUnconfigured(unconfigured({ SANDBOX_PORT: '0' }), () => {})
    const second = (await new SandboxControl(running.sandbox!.url).people())[0]!
    expect(second.threads!.id).toBe(first.threads!.id)
    expect(second.pages.map((page) => page.id)).toEqual(first.pages.map((page) => page.id))
  })

  it('stays off with real credentials, and in production', async () => {
    const configured = unconfigured({ THREADS_APP_ID: '1', THREADS_APP_SECRET: 's', FACEBOOK_APP_ID: '2', FACEBOOK_APP_SECRET: 's' })
    expect(await enterSandboxModeIfUnconfigured(configured, () => {})).toEqual({ env: configured, sandbox: null })
    expect(sandboxUrl()).toBeNull()
    const production = parseEnv({
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(32),
      TOKEN_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'),
    })
    const lines: string[] = []
    expect((await enterSandboxModeIfUnconfigured(production, (line) => lines.push(line))).sandbox).toBeNull()
    expect(lines).toEqual([expect.stringMatching(/sandbox mode is off in production: set THREADS_APP_ID/)])
  })

  it('refuses a SANDBOX_PORT that is taken, saying what to do', async () => {
    const blocker = net.createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const { port } = blocker.address() as net.AddressInfo
    try {
      await expect(enterSandboxModeIfUnconfigured(unconfigured({ SANDBOX_PORT: String(port) }), () => {})).rejects.toThrow(
        `SANDBOX_PORT ${port} is already in use: stop what listens there, or set SANDBOX_PORT to a free port (0 picks one).`,
      )
    } finally {
      await new Promise((resolve) => blocker.close(resolve))
    }
  })
})
