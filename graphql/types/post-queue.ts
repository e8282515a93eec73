import { prisma } from '#app/.server/db.ts'
import { InvalidInputError } from '#app/.server/errors.ts'
import { upcomingWhere } from '#app/.server/publishing/post-filter.ts'
import { PostNotFoundError } from '#app/.server/publishing/publish-post.ts'
import { PostAlreadyStartedError, publishScheduledPostNow } from '#app/.server/publishing/schedule.ts'
import { awaitingRetry } from '#app/.server/publishing/target-retry.ts'
import { isInFlight, TARGET_ORDER } from '#app/.server/publishing/target-states.ts'
import type { Platform as PlatformName, TargetStatus } from '#prisma/generated/client/client.ts'
import { builder } from '../builder.ts'
import { PostRef } from './post.ts'
import { Platform } from './publish-target.ts'

type SummaryTarget = { platform: PlatformName; status: TargetStatus; attempts: number; retryAfter: Date | null }
type PlatformSummary = {
  platform: PlatformName
  total: number
  published: number
  inProgress: number
  retrying: number
  failed: number
  unconfirmed: number
}

/** Counts per platform, Threads first, so a list shows a post in one line whatever its number of Pages. */
function summarise(targets: readonly SummaryTarget[]): PlatformSummary[] {
  const byPlatform = new Map<PlatformName, PlatformSummary>()
  for (const target of targets) {
    const summary = byPlatform.get(target.platform) ?? {
      platform: target.platform,
      total: 0,
      published: 0,
      inProgress: 0,
      retrying: 0,
      failed: 0,
      unconfirmed: 0,
    }
    summary.total += 1
    if (target.status === 'published') summary.published += 1
    else if (awaitingRetry(target)) summary.retrying += 1
    else if (isInFlight(target.status)) summary.inProgress += 1
    else if (target.status === 'unconfirmed') summary.unconfirmed += 1
    else summary.failed += 1
    byPlatform.set(target.platform, summary)
  }
  return [...byPlatform.values()]
}

const TargetSummary = builder.objectRef<PlatformSummary>('TargetSummary').implement({
  description: "How a post's targets on one platform stand, counted: one line per platform whatever the number of Pages.",
  fields: (t) => ({
    platform: t.field({ type: Platform, description: 'Threads or Facebook.', resolve: (s) => s.platform }),
    total: t.exposeInt('total', { description: 'Targets on this platform.' }),
    published: t.exposeInt('published', { description: 'Of them, published.' }),
    inProgress: t.exposeInt('inProgress', { description: 'Of them, queued or on their way to Meta.' }),
    retrying: t.exposeInt('retrying', { description: 'Of them, failed for now and waiting for their automatic retry.' }),
    failed: t.exposeInt('failed', { description: 'Of them, failed.' }),
    unconfirmed: t.exposeInt('unconfirmed', { description: 'Of them, possibly published: Duopost is checking.' }),
  }),
})

builder.prismaObjectFields('Post', (t) => ({
  targetSummary: t.field({
    type: [TargetSummary],
    description: 'The targets counted per platform (Threads first): a summary that stays one line for 50 Pages.',
    // The same relation, order and shape of selection as `status`, so Pothos loads the targets once.
    select: {
      targets: { select: { status: true, platform: true, attempts: true, retryAfter: true }, orderBy: [...TARGET_ORDER] },
    },
    resolve: (post) => summarise(post.targets),
  }),
  targetsNeedingAttention: t.relation('targets', {
    description: 'The targets that failed, are not confirmed or wait for a retry: what a person may act on.',
    query: {
      where: { OR: [{ status: { in: ['failed', 'unconfirmed'] } }, { status: 'queued', attempts: { gt: 0 }, retryAfter: { not: null } }] },
      orderBy: [...TARGET_ORDER],
    },
  }),
}))

builder.queryField('upcomingPosts', (t) =>
  t.withAuth({ $all: { signedIn: true, scope: 'read' } }).prismaConnection(
    {
      type: 'Post',
      description: 'Your scheduled posts that have not started, soonest first.',
      cursor: 'id',
      defaultSize: 20,
      maxSize: 100,
      resolve: (query, _root, _args, context) =>
        prisma.post.findMany({ ...query, where: upcomingWhere(context.viewer.id), orderBy: [{ scheduledAt: 'asc' }, { id: 'asc' }] }),
    },
    { description: 'A page of your scheduled posts, soonest first.' },
    { description: 'One of your scheduled posts, with the cursor that marks its place.' },
  ),
)

const PublishPostNowInput = builder.inputType('PublishPostNowInput', {
  description: 'Input of publishPostNow.',
  fields: (t) => ({ postId: t.id({ required: true, description: 'Post.id of a scheduled post that has not started.' }) }),
})

builder.mutationField('publishPostNow', (t) =>
  t.withAuth({ $all: { signedIn: true, scope: 'publish' } }).field({
    type: PostRef,
    description: 'Publishes a scheduled post now instead of at its time. Answers at once; follow it with postUpdated.',
    errors: { types: [PostNotFoundError, PostAlreadyStartedError, InvalidInputError] },
    args: { input: t.arg({ type: PublishPostNowInput, required: true, description: 'Which post.' }) },
    resolve: (_root, { input }, context) => publishScheduledPostNow(context.viewer.id, String(input.postId)),
  }),
)
