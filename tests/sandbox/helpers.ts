import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { SandboxControl } from '../../sandbox/control-client.ts'
import type { SandboxApp, SandboxPerson } from '../../sandbox/control-types.ts'
import type { GraphErrorFields } from '../../sandbox/errors.ts'
import { startSandbox, type RunningSandbox } from '../../sandbox/server.ts'

/**
 * A Meta spec committed under tests/fixtures/meta/ (provenance in its README). A missing file is
 * an error, never a skip: these tests are what keeps the sandbox honest.
 */
export function metaFixture(relativePath: string): string {
  const url = new URL(`../fixtures/meta/${relativePath}`, import.meta.url)
  if (!existsSync(url))
    throw new Error(`Missing test fixture ${fileURLToPath(url)}: restore it from git (see tests/fixtures/meta/README.md).`)
  return fileURLToPath(url)
}

export interface SandboxHandle {
  url: string
  control: SandboxControl
}

/** One sandbox per test file on a free port, reset before each test. */
export function useSandbox(options: { latencyMs?: number } = {}): SandboxHandle {
  const handle = {} as SandboxHandle
  let running: RunningSandbox
  beforeAll(async () => {
    running = await startSandbox({ port: 0, ...options })
    handle.url = running.url
    handle.control = new SandboxControl(running.url)
  })
  beforeEach(async () => {
    await handle.control.reset()
  })
  afterAll(async () => {
    await running.close()
  })
  return handle
}

export interface MetaResponse<T = Record<string, unknown>> {
  status: number
  headers: Headers
  body: T
}

type Query = Record<string, string | number | boolean | undefined>

function entries(values: Query): [string, string][] {
  return Object.entries(values).flatMap(([key, value]) => (value === undefined ? [] : [[key, String(value)] as [string, string]]))
}

/** One Meta call over real HTTP; `form` goes as application/x-www-form-urlencoded. */
export async function callMeta<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  options: { query?: Query; form?: Query; body?: BodyInit; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<MetaResponse<T>> {
  const url = new URL(path, base)
  for (const [key, value] of entries(options.query ?? {})) url.searchParams.set(key, value)
  const init: RequestInit = { method, redirect: 'manual', headers: options.headers ?? {} }
  if (options.timeoutMs) init.signal = AbortSignal.timeout(options.timeoutMs)
  if (options.form) init.body = new URLSearchParams(entries(options.form))
  else if (options.body !== undefined) init.body = options.body
  const response = await fetch(url, init)
  const text = await response.text()
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {
    // HTML pages and empty redirects stay text
  }
  return { status: response.status, headers: response.headers, body: body as T }
}

export interface GraphErrorBody {
  error: GraphErrorFields & { fbtrace_id: string }
}

export const THREADS_REDIRECT = 'https://duopost.example/auth/threads/callback'
export const FACEBOOK_REDIRECT = 'https://duopost.example/auth/facebook/callback'

export interface ThreadsWorld {
  app: SandboxApp
  person: SandboxPerson
  profileId: string
  token: string
}

/** A Threads app, a person with a profile, and a long-lived token with every permission. */
export async function threadsWorld(control: SandboxControl, scopes?: string[]): Promise<ThreadsWorld> {
  const app = await control.registerApp({
    platform: 'threads',
    id: '880000000000001',
    secret: 'threads-secret',
    name: 'Duopost',
    redirectUris: [THREADS_REDIRECT],
  })
  const person = await control.createPerson({ name: 'Ana Silva', threads: { username: 'ana' }, signIn: true })
  const token = await control.issueToken({ appId: app.id, personId: person.id, ...(scopes ? { scopes } : {}) })
  return { app, person, profileId: person.threads?.id ?? '', token: token.accessToken }
}

export interface FacebookWorld {
  app: SandboxApp
  person: SandboxPerson
  pageId: string
  userToken: string
  pageToken: string
}

/** A Facebook app without "Require App Secret", a person with Pages, and their tokens. */
export async function facebookWorld(control: SandboxControl, pages = 2): Promise<FacebookWorld> {
  const app = await control.registerApp({
    platform: 'facebook',
    id: '990000000000001',
    secret: 'facebook-secret',
    name: 'Duopost',
    redirectUris: [FACEBOOK_REDIRECT],
    requireAppSecretProof: false,
  })
  const person = await control.createPerson({ name: 'Bruno Costa', pages, signIn: true })
  const pageId = person.pages[0]?.id ?? ''
  const page = await control.issueToken({ appId: app.id, personId: person.id, pageId })
  return { app, person, pageId, userToken: page.userAccessToken ?? '', pageToken: page.accessToken }
}
