import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { SandboxControl } from '../../sandbox/control-client.ts'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/**
 * The environment `npm start` would get from a person who configured nothing, minus the test
 * runner's own variables (VITEST would make vite.config.ts build without the Remix plugin).
 * Meta's settings are set empty rather than removed, so a developer's .env cannot fill them in and
 * turn sandbox mode off.
 */
export function plainEnvironment(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(VITEST|TEST_)|^(NODE_ENV|DATABASE_URL|PGLITE_DIR|APP_URL|SESSION_SECRET|TOKEN_ENCRYPTION_KEY|META_SANDBOX_URL)$/.test(name))
      continue
    env[name] = value
  }
  for (const name of ['THREADS_APP_ID', 'THREADS_APP_SECRET', 'FACEBOOK_APP_ID', 'FACEBOOK_APP_SECRET', 'DATABASE_URL']) env[name] = ''
  // No NODE_ENV at all, as in a shell: the app then defaults to development (the type insists on one).
  return { ...env, ...overrides } as NodeJS.ProcessEnv
}

export async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

export type RunningApp = {
  url: string
  /** The app's own process (`node … server/start.ts`), for reading its memory in /proc. */
  pid: number
  /** Where the app keeps its database (does not exist before the app starts). */
  dataDir: string
  sandboxUrl: string
  control: SandboxControl
  /** Everything the process printed, for failure messages. */
  output(): string
  /** Sends the app process a signal, as a supervisor would. */
  signal(name: NodeJS.Signals): void
  /** Settles with the exit code once the process has ended. */
  exited: Promise<number | null>
  stop(): Promise<void>
}

/** Ended by itself (an exit code) or by a signal such as SIGKILL (then the exit code stays null). */
function hasEnded(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (hasEnded(child) ? resolve() : child.once('exit', () => resolve())))
}

/** What production needs set (no generated secrets there); Meta stays unconfigured, so no sandbox. */
function productionEnvironment(port: number): Record<string, string> {
  return {
    NODE_ENV: 'production',
    APP_URL: `http://localhost:${port}`,
    SESSION_SECRET: 'e2e-production-session-secret-0123456789abcdef',
    TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  }
}

export type StartOptions = {
  timeoutMs?: number
  production?: boolean
  /** Reuse this data directory (a restart); the caller removes it. Default: a fresh one, removed by stop(). */
  dataDir?: string
  port?: number
  /** Settings on top of the plain environment, such as a Meta app pointing at a sandbox of the test's own. */
  env?: Record<string, string>
}

/**
 * Starts the app exactly as `npm start` does (tsx + server/start.ts) on free ports with a
 * fresh data directory that does not exist yet, so it runs in sandbox mode on a new embedded
 * database; with `production`, as NODE_ENV=production with its required settings.
 */
export async function startApp(options: StartOptions = {}): Promise<RunningApp> {
  const parent = options.dataDir ? undefined : await fs.mkdtemp(path.join(os.tmpdir(), 'duopost-e2e-'))
  const dataDir = options.dataDir ?? path.join(parent!, 'data')
  const port = options.port ?? (await freePort())
  const sandboxPort = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/start.ts'], {
    cwd: ROOT,
    env: plainEnvironment({
      PORT: String(port),
      SANDBOX_PORT: String(sandboxPort),
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      ...(options.production ? productionEnvironment(port) : {}),
      ...options.env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const stop = async () => {
    if (!hasEnded(child)) {
      child.kill('SIGTERM')
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await exited(child)
      clearTimeout(killer)
    }
    if (parent) await fs.rm(parent, { recursive: true, force: true })
  }
  const deadline = Date.now() + (options.timeoutMs ?? 180_000)
  while (!/Duopost is running at/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop()
      throw new Error(`The app did not start (${child.exitCode === null ? 'timed out' : `exit ${child.exitCode}`}):\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`
  return {
    url: `http://localhost:${port}`,
    pid: child.pid!,
    dataDir,
    sandboxUrl,
    control: new SandboxControl(sandboxUrl),
    output: () => output,
    signal: (name) => child.kill(name),
    exited: exited(child).then(() => child.exitCode),
    stop,
  }
}

export type SandboxProcess = { url: string; control: SandboxControl; process: ChildProcess }

/**
 * The Meta sandbox as a process of its own (`npm run sandbox`), for tests whose app must not hold
 * Meta's side in its own memory: one it kills, or one whose memory is measured.
 */
export async function startSandboxProcess(): Promise<SandboxProcess> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/main.ts'], {
    cwd: ROOT,
    env: plainEnvironment({ SANDBOX_PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  await new Promise<void>((resolve, reject) => {
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('listening on')) resolve()
    })
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code) => reject(new Error(`The sandbox exited with ${code}: ${output}`)))
  })
  const url = `http://127.0.0.1:${port}`
  return { url, control: new SandboxControl(url), process: child }
}
