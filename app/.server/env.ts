import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { META_DEFAULTS } from './platforms/meta-hosts.ts'

const key32 = z.string().refine((v) => Buffer.from(v, 'base64').length === 32, {
  message: 'must be 32 random bytes, base64-encoded (generate one with: openssl rand -base64 32)',
})

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/** Meta's login dialog, as a full URL; plain http only reaches a sandbox on this machine. */
function dialogUrl(example: string) {
  const message = `must be the full URL of Meta's login dialog, e.g. ${example} (https, or http on localhost for the sandbox)`
  return z
    .string()
    .refine((value) => {
      if (!URL.canParse(value)) return false
      const url = new URL(value)
      const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))
      return secure && url.pathname !== '/'
    }, message)
    .default(example)
}

function requestsPerMinute(fallback: number) {
  const message = `must be a whole number of requests per minute, at least 1 (default ${fallback})`
  return z.coerce.number({ message }).int(message).positive(message).default(fallback)
}

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).optional(),
  /** Behind a reverse proxy: how many proxies (a number) or which addresses (Express's list) to trust for X-Forwarded-For. */
  TRUST_PROXY: z.string().optional(),
  APP_URL: z.url({ message: 'must be the absolute URL people use to reach Duopost, e.g. https://duopost.example.com' }).optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// connection URL (leave it unset to use the embedded database)')
    .optional(),
  PGLITE_DIR: z.string().min(1).optional(),
  /** How many publish jobs this process runs at once; 0 makes a web-only process. */
  WORKERS: z.coerce.number().int().min(0).max(64).default(4),
  /** A publish job running longer than this is presumed dead (its worker crashed) and resumed. */
  JOB_EXPIRE_SECONDS: z.coerce.number().int().min(10).default(600),
  /** Requests a minute per API access token (graphql/rate-limit.ts), also the largest burst. */
  API_RATE_LIMIT: requestsPerMinute(120),
  /** Requests a minute per browser session; the dashboard's own requests count against it. */
  SESSION_RATE_LIMIT: requestsPerMinute(600),
  /** Requests a minute per person over all their tokens and sessions together, so more tokens do not mean more budget. */
  USER_RATE_LIMIT: requestsPerMinute(1200),
  /** Requests a minute to /graphql per client address, counted before authentication: anonymous and invalid tokens too. */
  ADDRESS_RATE_LIMIT: requestsPerMinute(1200),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters (generate one with: openssl rand -base64 32)'),
  TOKEN_ENCRYPTION_KEY: key32,
  TOKEN_ENCRYPTION_OLD_KEYS: z
    .string()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(',')
            .map((k) => k.trim())
            .filter(Boolean)
        : [],
    )
    .pipe(z.array(key32)),
  THREADS_APP_ID: z.string().min(1).optional(),
  THREADS_APP_SECRET: z.string().min(1).optional(),
  FACEBOOK_APP_ID: z.string().min(1).optional(),
  FACEBOOK_APP_SECRET: z.string().min(1).optional(),
  THREADS_API_URL: z.url().default(META_DEFAULTS.THREADS_API_URL),
  THREADS_AUTHORIZE_URL: dialogUrl(META_DEFAULTS.THREADS_AUTHORIZE_URL),
  FACEBOOK_GRAPH_URL: z.url().default(META_DEFAULTS.FACEBOOK_GRAPH_URL),
  FACEBOOK_AUTHORIZE_URL: dialogUrl(META_DEFAULTS.FACEBOOK_AUTHORIZE_URL),
  /** Set in sandbox mode: images served by the sandbox itself (http, loopback) are then accepted. */
  META_SANDBOX_URL: z.url().optional(),
  /** Where sandbox mode starts the local Meta sandbox; unset means 4010, or any free port if 4010 is taken. */
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** 1: introspection and GraphiQL on; 0: off. Unset: on outside production, off in production. */
  GRAPHQL_INTROSPECTION: z
    .enum(['0', '1'], { message: 'must be 1 (introspection and GraphiQL on) or 0 (off)' })
    .transform((value) => value === '1')
    .optional(),
  /** How long one call to Meta may take, reading the answer included; a call past it is an unknown outcome. */
  META_TIMEOUT_MS: z.coerce
    .number({ message: 'must be a whole number of milliseconds, at least 100 (default 20000)' })
    .int()
    .min(100, 'must be at least 100 milliseconds (default 20000)')
    .default(20_000),
  /** Outgoing mail server, e.g. smtps://user:pass@smtp.example.com:465; unset outside production: the local outbox. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/]/, 'must be an smtp:// or smtps:// URL, e.g. smtps://user:password@smtp.example.com:465')
    .optional(),
  /** The sender of every email, e.g. "Duopost <duopost@example.com>"; unset: Duopost <no-reply@APP_URL's host>. */
  MAIL_FROM: z.string().min(3).optional(),
  /** Where uploaded media is kept when no S3 bucket is set; relative paths are under the working directory. */
  MEDIA_DIR: z.string().min(1).optional(),
  /** Days media is kept after the last post using it settled (and unused uploads after upload). */
  MEDIA_RETENTION_DAYS: z.coerce
    .number({ message: 'must be a whole number of days, at least 1 (default 30)' })
    .int()
    .min(1, 'must be at least 1 day (default 30)')
    .default(30),
  /** An S3-compatible bucket for media instead of the local folder: set S3_BUCKET (and the others as the service needs). */
  S3_BUCKET: z.string().min(1).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  /** For services other than AWS (MinIO, R2, ...): their endpoint URL; path-style addressing is used then. */
  S3_ENDPOINT: z.url().optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  FACEBOOK_GRAPH_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, 'must look like v25.0')
    .default(META_DEFAULTS.FACEBOOK_GRAPH_VERSION),
})

export type Env = Omit<z.infer<typeof EnvSchema>, 'APP_URL'> & { APP_URL: string }

export class EnvError extends Error {
  override name = 'EnvError'
}

const GENERATED_SECRETS = ['SESSION_SECRET', 'TOKEN_ENCRYPTION_KEY'] as const

/**
 * Outside production a new user should need no configuration, so missing secrets are generated
 * once and kept in the data directory; restarting keeps sessions and stored tokens readable.
 */
type RawEnv = Record<string, string | undefined>

function withLocalSecrets(raw: RawEnv): RawEnv {
  if (raw.NODE_ENV === 'production') return raw
  if (GENERATED_SECRETS.every((name) => raw[name])) return raw
  const dir = path.resolve(raw.DATA_DIR ?? '.data')
  const file = path.join(dir, 'secrets.json')
  let stored: Record<string, string> = {}
  if (fs.existsSync(file)) stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>
  let changed = false
  for (const name of GENERATED_SECRETS) {
    if (!stored[name]) {
      stored[name] = randomBytes(32).toString('base64')
      changed = true
    }
  }
  if (changed) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
    fs.writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 })
  }
  return { ...stored, ...raw }
}

/** Command-line entry points call this so a `.env` file works; real environment variables win. */
export function loadDotEnv(file = '.env'): void {
  if (fs.existsSync(file)) process.loadEnvFile(file)
}

export function parseEnv(input: RawEnv): Env {
  // `NAME=` in a .env file means "not set", as in .env.example.
  const raw = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== ''))
  const result = EnvSchema.safeParse(withLocalSecrets(raw))
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = issue.path.join('.')
      const problem = issue.code === 'invalid_type' && raw[name] === undefined ? 'is required' : issue.message
      return `  ${name} ${problem}`
    })
    throw new EnvError(`Invalid configuration, see .env.example:\n${lines.join('\n')}`)
  }
  const env = result.data
  return { ...env, APP_URL: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '') }
}

let cached: Env | undefined

export function getEnv(): Env {
  cached ??= parseEnv(process.env)
  return cached
}

/**
 * The local Meta sandbox Duopost talks to instead of Meta (sandbox mode, see sandbox-mode.ts), or
 * null. Read from the environment, not module state: the Remix server build has its own copy of
 * this module.
 */
export function sandboxUrl(): string | null {
  return getEnv().META_SANDBOX_URL?.replace(/\/$/, '') ?? null
}

/** Configuration is read once; code that changes process.env later (sandbox mode, tests) calls this. */
export function reloadEnv(): Env {
  cached = parseEnv(process.env)
  return cached
}

/**
 * A value made from the configuration (a client, a key ring), made once and made again only after
 * reloadEnv(), so it never outlives the configuration it was made from.
 */
export function perConfiguration<T>(make: (env: Env) => T): () => T {
  let made: { env: Env; value: T } | undefined
  return () => {
    const env = getEnv()
    if (made?.env !== env) made = { env, value: make(env) }
    return made.value
  }
}
