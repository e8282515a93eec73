import type {
  AppInput,
  AppPatch,
  BusinessInput,
  CallbackInput,
  CallbackResult,
  CallFilter,
  CallRecord,
  ClockState,
  CodeInput,
  ConfigPatch,
  DurationInput,
  Fault,
  FaultInput,
  InvalidateInput,
  IssuedCode,
  IssuedToken,
  MediaRule,
  MediaRuleInput,
  PageInput,
  PersonInput,
  PostFilter,
  PostRecord,
  SandboxApp,
  SandboxConfig,
  SandboxPerson,
  SandboxState,
  TokenInput,
} from './control-types.ts'

export type * from './control-types.ts'

/** A failed control call: the sandbox's status and message. */
export class SandboxControlError extends Error {
  readonly status: number
  constructor(status: number, message: string) {
    super(message)
    this.status = status
  }
}

/**
 * Typed wrapper of the sandbox's `/__sandbox/` JSON API, for tests and demo scripts:
 *
 *   const control = new SandboxControl(sandbox.url)
 *   const app = await control.registerApp({ platform: 'facebook', redirectUris: ['http://localhost:3000/cb'] })
 *   const ana = await control.createPerson({ name: 'Ana', threads: true, pages: 3, signIn: true })
 */
export class SandboxControl {
  readonly baseUrl: string

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, '')
  }

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}/__sandbox${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    })
    const text = await response.text()
    const parsed: unknown = text ? JSON.parse(text) : undefined
    if (!response.ok) {
      const message = (parsed as { error?: string } | undefined)?.error ?? `HTTP ${response.status}`
      throw new SandboxControlError(response.status, `${method} /__sandbox${path}: ${message}`)
    }
    return parsed as T
  }

  #query(values: Record<string, string | undefined>): string {
    const entries = Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined)
    return entries.length === 0 ? '' : `?${new URLSearchParams(entries).toString()}`
  }

  /** Forget everything: apps, people, tokens, posts, faults, calls, clock offset and config. */
  async reset(): Promise<void> {
    await this.#call('POST', '/reset')
  }

  state(): Promise<SandboxState> {
    return this.#call('GET', '')
  }

  registerApp(input: AppInput): Promise<SandboxApp> {
    return this.#call('POST', '/apps', input)
  }

  updateApp(appId: string, patch: AppPatch): Promise<SandboxApp> {
    return this.#call('PATCH', `/apps/${encodeURIComponent(appId)}`, patch)
  }

  apps(): Promise<SandboxApp[]> {
    return this.#call('GET', '/apps')
  }

  /** A person, optionally with a Threads profile and Pages (a count or descriptions). */
  createPerson(input: PersonInput = {}): Promise<SandboxPerson> {
    return this.#call('POST', '/people', input)
  }

  addPages(personId: string, pages: number | PageInput[]): Promise<SandboxPerson> {
    return this.#call('POST', `/people/${encodeURIComponent(personId)}/pages`, { pages })
  }

  /** A Business Manager portfolio for the person, with owned and client Pages (counts or descriptions). */
  addBusiness(personId: string, business: BusinessInput = {}): Promise<SandboxPerson> {
    return this.#call('POST', `/people/${encodeURIComponent(personId)}/businesses`, business)
  }

  people(): Promise<SandboxPerson[]> {
    return this.#call('GET', '/people')
  }

  /** The person the consent pages show as signed in; null makes them ask. */
  async signIn(personId: string | null): Promise<void> {
    await this.#call('PUT', '/session', { personId })
  }

  /** The code the consent page would hand back on Approve, without a browser. */
  issueCode(input: CodeInput): Promise<IssuedCode> {
    return this.#call('POST', '/codes', input)
  }

  /** A user token (long-lived unless `lifetime: 'short'`), or with `pageId` a Page token. */
  issueToken(input: TokenInput): Promise<IssuedToken> {
    return this.#call('POST', '/tokens', input)
  }

  async invalidate(input: InvalidateInput): Promise<void> {
    await this.#call('POST', '/tokens/invalidate', input)
  }

  clock(): Promise<ClockState> {
    return this.#call('GET', '/clock')
  }

  advanceClock(duration: DurationInput): Promise<ClockState> {
    return this.#call('POST', '/clock/advance', duration)
  }

  config(): Promise<SandboxConfig> {
    return this.#call('GET', '/config')
  }

  configure(patch: ConfigPatch): Promise<SandboxConfig> {
    return this.#call('PATCH', '/config', patch)
  }

  injectFault(input: FaultInput): Promise<Fault> {
    return this.#call('POST', '/faults', input)
  }

  faults(): Promise<Fault[]> {
    return this.#call('GET', '/faults')
  }

  async clearFaults(): Promise<void> {
    await this.#call('DELETE', '/faults')
  }

  addMediaRule(input: MediaRuleInput): Promise<MediaRule> {
    return this.#call('POST', '/media-rules', input)
  }

  async clearMediaRules(): Promise<void> {
    await this.#call('DELETE', '/media-rules')
  }

  calls(filter: CallFilter = {}): Promise<CallRecord[]> {
    return this.#call('GET', `/calls${this.#query({ ...filter })}`)
  }

  async clearCalls(): Promise<void> {
    await this.#call('DELETE', '/calls')
  }

  posts(filter: PostFilter = {}): Promise<PostRecord[]> {
    return this.#call('GET', `/posts${this.#query({ ...filter })}`)
  }

  /** The person removes the app; Meta's signed POST goes to the app's registered URL. */
  fireCallback(input: CallbackInput): Promise<CallbackResult> {
    return this.#call('POST', '/callbacks', input)
  }

  /** URL of media the sandbox serves itself (`sample.png`, `sample.mp4`). */
  sampleMediaUrl(name: 'sample.png' | 'sample.mp4'): string {
    return `${this.baseUrl}/__sandbox/media/${name}`
  }
}
