import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { EnvError, parseEnv } from '#app/.server/env.ts'
import { useTempDirs } from '#tests/temp-dirs.ts'

const root = path.resolve(import.meta.dirname, '../..')
const KEY = Buffer.alloc(32, 7).toString('base64')

const tempDir = useTempDirs('duopost-env-')

describe('configuration', () => {
  it('generates missing secrets once outside production and reuses them', () => {
    const DATA_DIR = tempDir()
    const first = parseEnv({ NODE_ENV: 'development', DATA_DIR })
    const second = parseEnv({ NODE_ENV: 'development', DATA_DIR })
    expect(first.SESSION_SECRET.length).toBeGreaterThanOrEqual(32)
    expect(Buffer.from(first.TOKEN_ENCRYPTION_KEY, 'base64')).toHaveLength(32)
    expect(second.SESSION_SECRET).toBe(first.SESSION_SECRET)
    expect(second.TOKEN_ENCRYPTION_KEY).toBe(first.TOKEN_ENCRYPTION_KEY)
    expect(fs.statSync(path.join(DATA_DIR, 'secrets.json')).mode & 0o777).toBe(0o600)
  })

  it('defaults PORT, APP_URL and Meta endpoints', () => {
    const env = parseEnv({ NODE_ENV: 'development', DATA_DIR: tempDir(), PORT: '4321' })
    expect(env.PORT).toBe(4321)
    expect(env.APP_URL).toBe('http://localhost:4321')
    expect(env.FACEBOOK_GRAPH_VERSION).toMatch(/^v\d+\.0$/)
  })

  it('reads the rate limits as requests per minute, 120 per token and 600 per session by default', () => {
    const DATA_DIR = tempDir()
    expect(parseEnv({ DATA_DIR })).toMatchObject({ API_RATE_LIMIT: 120, SESSION_RATE_LIMIT: 600 })
    expect(parseEnv({ DATA_DIR, API_RATE_LIMIT: '300', SESSION_RATE_LIMIT: '1000' })).toMatchObject({
      API_RATE_LIMIT: 300,
      SESSION_RATE_LIMIT: 1000,
    })
    for (const invalid of ['0', '-5', '2.5', 'lots']) {
      expect(() => parseEnv({ DATA_DIR, API_RATE_LIMIT: invalid })).toThrow(
        /^ {2}API_RATE_LIMIT must be a whole number of requests per minute, at least 1/m,
      )
      expect(() => parseEnv({ DATA_DIR, SESSION_RATE_LIMIT: invalid })).toThrow(
        /^ {2}SESSION_RATE_LIMIT must be a whole number of requests per minute, at least 1/m,
      )
    }
  })

  it('refuses, in production, a missing secret by name', () => {
    expect(() => parseEnv({ NODE_ENV: 'production', TOKEN_ENCRYPTION_KEY: KEY })).toThrowError(
      expect.objectContaining({ name: 'EnvError', message: expect.stringContaining('SESSION_SECRET is required') }),
    )
  })

  it('refuses malformed values with a message saying what is expected', () => {
    const attempt = () =>
      parseEnv({
        NODE_ENV: 'production',
        SESSION_SECRET: 'x'.repeat(40),
        TOKEN_ENCRYPTION_KEY: 'too-short',
        DATABASE_URL: 'mysql://nope',
        PORT: 'eighty',
      })
    expect(attempt).toThrow(EnvError)
    expect(attempt).toThrow(/TOKEN_ENCRYPTION_KEY must be 32 random bytes/)
    expect(attempt).toThrow(/DATABASE_URL must be a postgresql:\/\/ connection URL/)
    expect(attempt).toThrow(/PORT/)
  })

  it("takes each login dialog as a full URL, defaulting to Meta's own", () => {
    const DATA_DIR = tempDir()
    expect(parseEnv({ DATA_DIR })).toMatchObject({
      THREADS_AUTHORIZE_URL: 'https://threads.net/oauth/authorize',
      FACEBOOK_AUTHORIZE_URL: 'https://www.facebook.com/v25.0/dialog/oauth',
    })
    const sandbox = 'http://127.0.0.1:4010/v25.0/dialog/oauth'
    expect(parseEnv({ DATA_DIR, FACEBOOK_AUTHORIZE_URL: sandbox }).FACEBOOK_AUTHORIZE_URL).toBe(sandbox)
  })

  it('refuses a login dialog setting that is a bare host, plain http elsewhere, or not a URL, naming it', () => {
    const DATA_DIR = tempDir()
    for (const name of ['FACEBOOK_AUTHORIZE_URL', 'THREADS_AUTHORIZE_URL']) {
      for (const invalid of ['https://www.facebook.com', 'http://www.facebook.com/v25.0/dialog/oauth', 'facebook.com/dialog']) {
        expect(() => parseEnv({ DATA_DIR, [name]: invalid })).toThrow(
          new RegExp(`^ {2}${name} must be the full URL of Meta's login dialog, e\\.g\\. https://`, 'm'),
        )
      }
    }
  })

  it('stops `npm start` in production when a secret is missing, naming it', () => {
    const env: Record<string, string | undefined> = {
      ...process.env,
      NODE_ENV: 'production',
      TOKEN_ENCRYPTION_KEY: KEY,
      DATA_DIR: tempDir(),
    }
    delete env.SESSION_SECRET
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/start.ts'], {
      cwd: root,
      env: env as NodeJS.ProcessEnv,
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('SESSION_SECRET is required')
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/)
  })
})
