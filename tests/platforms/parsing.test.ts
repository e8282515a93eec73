import { describe, expect, it } from 'vitest'
import { appsecretProof } from '#app/.server/platforms/facebook/appsecret-proof.ts'
import { JSON_SOURCE_TEXT_ACCESS, parseMetaJson } from '#app/.server/platforms/meta-json.ts'
import { redact, secretValues } from '#app/.server/platforms/redact.ts'
import { parseUsage } from '#app/.server/platforms/usage.ts'

describe('appsecretProof', () => {
  it("is the hex HMAC-SHA256 of token|time under the app secret, as Meta's timestamped form", () => {
    // printf 'EAAtesttoken|1700000000' | openssl dgst -sha256 -hmac 'app-secret'
    expect(appsecretProof('EAAtesttoken', 'app-secret', 1_700_000_000.9)).toEqual({
      appsecret_proof: '99afbd4c0d7601f559dea5276886582706c4d532a43235a0f857178e67eae2d1',
      appsecret_time: '1700000000',
    })
  })
})

// Node 20 quotes unsafe integers before parsing; Node 22+ reads their source text. Both must agree.
const PARSERS = [
  ['quoting (Node 20)', false],
  ...(JSON_SOURCE_TEXT_ACCESS ? [['source-text access (Node 22+)', true] as const] : []),
] as const

describe.each(PARSERS)('parseMetaJson by %s', (_name, sourceText) => {
  const parse = (text: string) => parseMetaJson(text, { sourceText })

  it('keeps ids beyond 2^53 exact, as strings', () => {
    expect(parse('{"access_token":"TH1","user_id":17841405793187218}')).toEqual({
      access_token: 'TH1',
      user_id: '17841405793187218',
    })
    expect(parse('{"ids":[-17841405793187218, 42, 1.5e300, 12345678901234567890.5]}')).toEqual({
      // A non-integer stays a number, rounded as JSON.parse rounds it.
      // eslint-disable-next-line no-loss-of-precision
      ids: ['-17841405793187218', 42, 1.5e300, 12345678901234567890.5],
    })
  })

  it('leaves numbers inside strings alone', () => {
    const text = '{"message":"id 17841405793187218, \\"quoted\\" 17841405793187219","n":1}'
    expect(parse(text)).toEqual({ message: 'id 17841405793187218, "quoted" 17841405793187219', n: 1 })
  })

  it('rejects what is not JSON', () => {
    expect(() => parse('<html>')).toThrow()
  })
})

describe('JSON source-text access', () => {
  it('is used from Node 22 on', () => {
    expect(JSON_SOURCE_TEXT_ACCESS).toBe(Number(process.versions.node.split('.')[0]) >= 22)
  })
})

describe('redact', () => {
  it('removes the values given, credential parameters, and token shapes', () => {
    const token = `EAAB${'x'.repeat(40)}`
    const threads = `THQVJ${'y'.repeat(40)}`
    const text = `token ${token} or ${threads}; see https://x/oauth?code=abc&client_secret=shh&limit=5 and s3cr3t`
    expect(redact(text, ['s3cr3t'])).toBe(
      'token [redacted] or [redacted]; see https://x/oauth?code=[redacted]&client_secret=[redacted]&limit=5 and [redacted]',
    )
  })

  it('picks the credential values out of request parameters', () => {
    expect(secretValues({ access_token: 't', fields: 'id', client_secret: 's', appsecret_proof: 'p', code: '', input_token: 'i' })).toEqual(
      ['t', 's', 'p', 'i'],
    )
  })
})

describe('parseUsage', () => {
  it('reads both usage headers and the longest wait', () => {
    const usage = parseUsage(
      new Headers({
        'x-app-usage': '{"call_count":28,"total_cputime":25,"total_time":91}',
        'x-business-use-case-usage': JSON.stringify({
          '111': [{ type: 'pages', call_count: 5, total_cputime: 1, total_time: 2, estimated_time_to_regain_access: 0 }],
          '222': [{ type: 'pages', call_count: 100, total_cputime: 3, total_time: 4, estimated_time_to_regain_access: 9 }],
        }),
        'retry-after': '120',
      }),
    )
    expect(usage.app).toEqual({ callCount: 28, totalCputime: 25, totalTime: 91 })
    expect(usage.business.map((b) => [b.businessId, b.callCount])).toEqual([
      ['111', 5],
      ['222', 100],
    ])
    expect(usage.highestPercent).toBe(100)
    expect(usage.retryAfterSeconds).toBe(540)
  })

  it('understands Retry-After as a date, and ignores malformed headers', () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    const usage = parseUsage(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:01:30 GMT', 'x-app-usage': 'not json' }), now)
    expect(usage).toEqual({ app: undefined, business: [], highestPercent: 0, retryAfterSeconds: 90 })
  })
})
