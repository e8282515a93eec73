import { describe, expect, it } from 'vitest'
import { consumeRateLimit } from '#app/.server/auth/rate-limit.ts'
import { loader as dashboardLoader } from '#app/routes/dashboard.tsx'
import { loader as settingsLoader } from '#app/routes/settings._index.tsx'
import { loader as apiTokensLoader } from '#app/routes/settings.api-tokens.tsx'
import { rateLimitRule } from '#graphql/rate-limit.ts'
import { sessionIdIn, signUp } from '#tests/auth/helpers.ts'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { getRequest, loaderArgs, settle } from '#tests/utils.ts'

useMetaSandbox()

/** Spends the browser session's whole API budget, so its next request is refused with 429. */
async function exhaustSession(cookie: string) {
  const rule = rateLimitRule('session')
  const at = Date.now() + 60_000
  await Promise.all(Array.from({ length: rule.limit }, () => consumeRateLimit(`session:${sessionIdIn(cookie)}`, rule, at)))
}

describe('a page whose API requests are refused', () => {
  it.each([
    ['/dashboard', dashboardLoader],
    ['/settings', settingsLoader],
    ['/settings/api-tokens', apiTokensLoader],
  ] as const)('%s answers 429 with the API’s words and Retry-After, not a 500', async (path, loader) => {
    const { cookie } = await signUp(`limited${path.replaceAll('/', '-')}@example.com`)
    await exhaustSession(cookie)
    const response = await settle(loader(loaderArgs(getRequest(path, cookie))))
    expect(response.status).toBe(429)
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await response.text()).toMatch(/^Too many requests with this browser session: .* Retry in \d+ seconds?\.$/)
  })
})
