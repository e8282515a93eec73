import type { Prisma } from '#prisma/generated/client/client.ts'
import type { PostStatus } from './post-status.ts'
import { IN_FLIGHT } from './target-states.ts'

/** What a list of posts can be narrowed to; every part is optional and they all apply together. */
export type PostFilter = {
  statuses?: readonly PostStatus[] | null
  platform?: 'threads' | 'facebook' | null
  /** Facebook's id of one of the person's Pages. */
  pageId?: string | null
  /** The post's time (its scheduled time, else when it was recorded) is at or after this. */
  from?: Date | null
  /** … and before this. */
  to?: Date | null
  /** Words the text contains, in any case. */
  search?: string | null
}

const inFlight = { some: { status: { in: [...IN_FLIGHT] } } } satisfies Prisma.PublishTargetListRelationFilter
const noneInFlight = { none: { status: { in: [...IN_FLIGHT] } } } satisfies Prisma.PublishTargetListRelationFilter

/** The rows postStatus() would give `status`, as one condition the database can check. */
function statusWhere(status: PostStatus, now: Date): Prisma.PostWhereInput {
  const notCancelled = { cancelledAt: null }
  const waiting = { startedAt: null, scheduledAt: { gt: now } }
  switch (status) {
    case 'cancelled':
      return { cancelledAt: { not: null } }
    case 'scheduled':
      return { ...notCancelled, ...waiting, targets: inFlight }
    case 'publishing':
      return { ...notCancelled, NOT: waiting, targets: inFlight }
    case 'unconfirmed':
      return { ...notCancelled, AND: [{ targets: noneInFlight }, { targets: { some: { status: 'unconfirmed' } } }] }
    case 'published':
      return { ...notCancelled, AND: [{ targets: { some: {} } }, { targets: { every: { status: 'published' } } }] }
    case 'partial':
      return {
        ...notCancelled,
        AND: [
          { targets: noneInFlight },
          { targets: { none: { status: 'unconfirmed' } } },
          { targets: { some: { status: 'published' } } },
          { targets: { some: { status: 'failed' } } },
        ],
      }
    case 'failed':
      return { ...notCancelled, AND: [{ targets: { some: {} } }, { targets: { every: { status: 'failed' } } }] }
  }
}

/** The Prisma condition for a person's posts that match `filter`. */
export function postWhere(userId: string, filter: PostFilter | null | undefined, now = new Date()): Prisma.PostWhereInput {
  const and: Prisma.PostWhereInput[] = []
  if (filter?.statuses?.length) and.push({ OR: filter.statuses.map((status) => statusWhere(status, now)) })
  if (filter?.pageId) and.push({ targets: { some: { platform: 'facebook', platformAccountId: filter.pageId } } })
  else if (filter?.platform) and.push({ targets: { some: { platform: filter.platform } } })
  if (filter?.from || filter?.to) {
    const range = { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) }
    and.push({ OR: [{ scheduledAt: range }, { scheduledAt: null, createdAt: range }] })
  }
  const search = filter?.search?.trim()
  if (search) and.push({ text: { contains: search, mode: 'insensitive' } })
  return { userId, ...(and.length > 0 ? { AND: and } : {}) }
}

/** Scheduled posts still waiting for their time, soonest first. */
export function upcomingWhere(userId: string): Prisma.PostWhereInput {
  return { userId, cancelledAt: null, startedAt: null, scheduledAt: { not: null } }
}
