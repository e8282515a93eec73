import { isRecord } from './meta-json.ts'

// Meta's rate-limit headers (meta-api.md §3.3), parsed so callers can slow down before Meta
// blocks them, and so a rate-limit error can say how long to wait.

/** Percentages of the app's hourly platform limit (X-App-Usage). */
export interface AppUsage {
  callCount: number
  totalCputime: number
  totalTime: number
}

/** One business object's use-case limit (X-Business-Use-Case-Usage), e.g. a Page. */
export interface BusinessUsage extends AppUsage {
  businessId: string
  type: string
  estimatedTimeToRegainAccessMinutes: number
}

export interface MetaUsage {
  app?: AppUsage
  business: BusinessUsage[]
  /** The highest percentage reported for any limit; Meta throttles at 100. */
  highestPercent: number
  /** Seconds until calls are allowed again, when Meta said so (Retry-After or the BUC estimate). */
  retryAfterSeconds?: number
}

function jsonHeader(headers: Pick<Headers, 'get'>, name: string): unknown {
  const raw = headers.get(name)
  if (!raw) return undefined
  try {
    return JSON.parse(raw) as unknown
  } catch {
    // The headers are advice; a malformed one must not turn a good response into a failure.
    return undefined
  }
}

function percent(record: Record<string, unknown>, key: string): number {
  const value = record[key]
  return typeof value === 'number' && Number.isFinite(value) ? value : 0
}

function appUsage(record: Record<string, unknown>): AppUsage {
  return {
    callCount: percent(record, 'call_count'),
    totalCputime: percent(record, 'total_cputime'),
    totalTime: percent(record, 'total_time'),
  }
}

function businessUsage(header: unknown): BusinessUsage[] {
  if (!isRecord(header)) return []
  return Object.entries(header).flatMap(([businessId, entries]) =>
    (Array.isArray(entries) ? entries : []).filter(isRecord).map((entry) => ({
      businessId,
      type: typeof entry.type === 'string' ? entry.type : 'unknown',
      ...appUsage(entry),
      estimatedTimeToRegainAccessMinutes: percent(entry, 'estimated_time_to_regain_access'),
    })),
  )
}

/** Retry-After is either delay seconds or an HTTP date (RFC 9110 §10.2.3). */
function retryAfterHeader(headers: Pick<Headers, 'get'>, now: number): number | undefined {
  const raw = headers.get('retry-after')?.trim()
  if (!raw) return undefined
  if (/^\d+$/.test(raw)) return Number(raw)
  const at = Date.parse(raw)
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000))
}

export function parseUsage(headers: Pick<Headers, 'get'>, now = Date.now()): MetaUsage {
  const appHeader = jsonHeader(headers, 'x-app-usage')
  const app = isRecord(appHeader) ? appUsage(appHeader) : undefined
  const business = businessUsage(jsonHeader(headers, 'x-business-use-case-usage'))
  const limits = [app, ...business].filter((usage) => usage !== undefined)
  const highestPercent = Math.max(0, ...limits.flatMap((u) => [u.callCount, u.totalCputime, u.totalTime]))
  const waits = [
    retryAfterHeader(headers, now),
    ...business.map((b) => b.estimatedTimeToRegainAccessMinutes * 60).filter((seconds) => seconds > 0),
  ].filter((seconds) => seconds !== undefined)
  return { app, business, highestPercent, retryAfterSeconds: waits.length ? Math.max(...waits) : undefined }
}
