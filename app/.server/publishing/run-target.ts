import type { Account, PublishTarget } from '#prisma/generated/client/client.ts'
import { facebookPageAccess, threadsAccess } from '../accounts/publishing-access.ts'
import { prisma } from '../db.ts'
import { logEvent } from '../log.ts'
import { publishToFacebook } from './publish-facebook.ts'
import { targetText, type PostContent } from './post-content.ts'
import { publishContent } from './post-media.ts'
import { publishToThreads } from './publish-threads.ts'
import { isSettled } from './target-states.ts'
import { failureColumns, failureFrom, PublishStepError, type TargetFailure } from './target-failure.ts'
import { saveStep, type TargetUpdate } from './target-store.ts'
import { DEFAULT_TIMINGS, type PublishTimings } from './timings.ts'

const running = new Map<string, Promise<PublishTarget | null>>()

/** A target with what publishing it needs; its account is read when the caller has not. */
export type TargetToRun = PublishTarget & { post: PostContent; account?: Account | null }

async function publish({ account, post, ...target }: TargetToRun, timings: PublishTimings) {
  if (!target.accountId) {
    throw new PublishStepError({
      kind: 'reconnect',
      message: 'This connection was removed before the post went out. Connect the account again and post once more.',
      action: 'reconnect',
      retryable: false,
    })
  }
  const content = await publishContent(target.postId, { ...post, text: targetText(target, post) })
  if (target.platform === 'threads') return publishToThreads(target, await threadsAccess(target.accountId, account), content, timings)
  return publishToFacebook(target, await facebookPageAccess(target.accountId, account), content, timings)
}

function load(targetId: string): Promise<TargetToRun | null> {
  return prisma.publishTarget.findUnique({
    where: { id: targetId },
    include: { post: { select: { text: true, imageUrl: true, link: true } }, account: true },
  })
}

/**
 * The row a failed run leaves: `attempts` counts this run. A caller that retries passes its own, so
 * that queueing the next attempt (or saying none is left) is part of the same write and nobody,
 * the notification pass included, sees a failure that is about to be retried.
 */
export type FailureRecord = (failure: TargetFailure, attempts: number) => TargetUpdate

/** A failure as it stands, with nothing retried. */
export function recordFailure(failure: TargetFailure): TargetUpdate {
  return { status: failure.unconfirmed ? 'unconfirmed' : 'failed', ...failureColumns(failure) }
}

function withoutRelations({ post: _post, account: _account, ...target }: TargetToRun): PublishTarget {
  return target
}

/**
 * Takes one target from wherever it stopped to published, failed or unconfirmed, and records
 * the outcome. It never throws for a failure at Meta: that is the target's outcome. Within a
 * process a target runs at most once at a time.
 */
export function runTarget(
  targetId: string,
  timings: PublishTimings = DEFAULT_TIMINGS,
  loaded?: TargetToRun,
  record: FailureRecord = recordFailure,
): Promise<PublishTarget | null> {
  const current = running.get(targetId)
  if (current) return current
  const run = (async () => {
    // A job has just read the target to claim it; anyone else reads it here.
    const target = loaded ?? (await load(targetId))
    if (!target) return null
    if (isSettled(target.status)) return withoutRelations(target)
    try {
      return await publish(target, timings)
    } catch (error) {
      // Read again: the run may have sent something whose outcome it could not learn.
      const current = await prisma.publishTarget.findUnique({ where: { id: targetId }, select: { reconcileFrom: true } })
      const failure = failureFrom(error, { sendUnsettled: Boolean(current?.reconcileFrom), platform: target.platform })
      logEvent('warn', 'publish.target_failed', {
        targetId,
        platform: target.platform,
        kind: failure.kind,
        code: failure.code,
        subcode: failure.subcode,
      })
      return saveStep(targetId, record(failure, target.attempts))
    }
  })().finally(() => running.delete(targetId))
  running.set(targetId, run)
  return run
}
