import { HOUR } from './clock.ts'

// Meta's formulas (docs/graph-api/overview/rate-limiting): the app may make 200 calls per user per
// rolling hour; Pages API calls with a Page token 4800 per engaged user, taken here as one.
const APP_CALLS_PER_USER_PER_HOUR = 200
const PAGE_CALLS_PER_HOUR = 4800

export interface UsageSubject {
  appId: string
  /** Set for calls made with a Page token: those count against the Page's BUC limit. */
  pageId: string | null
  appUsers: number
}

/** Counts calls per app and per Page over the last hour to fill Meta's usage headers. */
export class UsageMeter {
  #hits = new Map<string, number[]>()

  #count(key: string, now: number): number {
    const recent = (this.#hits.get(key) ?? []).filter((at) => at > now - HOUR)
    recent.push(now)
    this.#hits.set(key, recent)
    return recent.length
  }

  /** Records one call and returns the headers Meta would send with its answer. */
  hit(subject: UsageSubject, now: number): Record<string, string> {
    if (subject.pageId) {
      const used = this.#count(`page:${subject.pageId}`, now)
      return bucHeader(subject.pageId, Math.min(100, Math.floor((used * 100) / PAGE_CALLS_PER_HOUR)), 0)
    }
    const used = this.#count(`app:${subject.appId}`, now)
    const limit = APP_CALLS_PER_USER_PER_HOUR * Math.max(1, subject.appUsers)
    return appUsageHeader(Math.min(100, Math.floor((used * 100) / limit)))
  }

  reset(): void {
    this.#hits.clear()
  }
}

export function appUsageHeader(percent: number): Record<string, string> {
  return { 'x-app-usage': JSON.stringify({ call_count: percent, total_cputime: percent, total_time: percent }) }
}

export function bucHeader(objectId: string, percent: number, regainMinutes: number): Record<string, string> {
  return {
    'x-business-use-case-usage': JSON.stringify({
      [objectId]: [
        {
          type: 'pages',
          call_count: percent,
          total_cputime: percent,
          total_time: percent,
          estimated_time_to_regain_access: regainMinutes,
        },
      ],
    }),
  }
}
