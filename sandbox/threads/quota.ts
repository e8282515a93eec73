import { DAY } from '../clock.ts'
import type { SandboxContext } from '../context.ts'
import { metaError, type GraphError } from '../errors.ts'
import type { QuotaEvent } from '../store.ts'

// Per profile, over a rolling 24 hours (docs/threads/overview). Location searches are not served.
export const QUOTAS: Record<QuotaEvent['kind'], number> = { post: 250, reply: 1000, delete: 100 }
const NOUNS: Record<QuotaEvent['kind'], string> = { post: 'posts', reply: 'replies', delete: 'deletions' }
export const QUOTA_WINDOW_SECONDS = DAY / 1000

export function quotaUsage(ctx: SandboxContext, profileId: string, kind: QuotaEvent['kind']): number {
  const since = ctx.clock.now() - DAY
  return ctx.store.quotaEvents.filter((event) => event.profileId === profileId && event.kind === kind && event.at > since).length
}

export function recordQuota(ctx: SandboxContext, profileId: string, kind: QuotaEvent['kind']): void {
  ctx.store.quotaEvents.push({ profileId, kind, at: ctx.clock.now() })
}

/**
 * Meta documents the limits but not the error for crossing them; the sandbox answers like
 * Instagram's content-publishing limit (code 9, subcode 2207042), the closest documented analogue.
 */
export function checkQuota(ctx: SandboxContext, profileId: string, kind: QuotaEvent['kind']): GraphError | null {
  if (quotaUsage(ctx, profileId, kind) < QUOTAS[kind]) return null
  return metaError(9, 2207042, {
    message: `The maximum number of ${NOUNS[kind]} allowed in 24 hours has been reached.`,
    type: 'THApiException',
    is_transient: false,
    error_user_title: 'Limit reached',
    error_user_msg: `This profile has reached its limit of ${QUOTAS[kind]} in 24 hours. Try again later.`,
  })
}
