import type { Account, PublishTarget } from '#prisma/generated/client/client.ts'
import { facebookPageAccess, threadsAccess } from '../accounts/publishing-access.ts'
import { prisma } from '../db.ts'
import { logEvent } from '../log.ts'
import { publishToFacebook } from './publish-facebook.ts'
import { publishToThreads } from './publish-threads.ts'
import { isSettled } from './post-status.ts'
import { failureColumns, failureFrom, PublishStepError } from './target-failure.ts'
import { saveStep } from './target-store.ts'
import { DEFAULT_TIMINGS, type PublishTimings } from './timings.ts'

const running = new Map<string, Promise<PublishTarget | null>>()

type LoadedTarget = PublishTarget & { post: { text: string; imageUrl: string | null; link: string | null }; account: Account | null }

async function publish({ account, ...target }: LoadedTarget, timings: PublishTimings) {
  if (!target.accountId) {
    throw new PublishStepError({
      kind: 'reconnect',
      message: 'This connection was removed before the post went out. Connect the account again and post once more.',
      action: 'reconnect',
      retryable: false,
    })
  }
  const content = { text: target.post.text, imageUrl: target.post.imageUrl, link: target.post.link }
  if (target.platform === 'threads') return publishToThreads(target, await threadsAccess(target.accountId, account), content, timings)
  return publishToFacebook(target, await facebookPageAccess(target.accountId, account), content)
}

function withoutRelations({ post: _post, account: _account, ...target }: LoadedTarget): PublishTarget {
  return target
}

/**
 * Takes one target from wherever it stopped to published, failed or unconfirmed, and records
 * the outcome. It never throws for a failure at Meta: that is the target's outcome. Within a
 * process a target runs at most once at a time.
 */
export function runTarget(targetId: string, timings: PublishTimings = DEFAULT_TIMINGS): Promise<PublishTarget | null> {
  const current = running.get(targetId)
  if (current) return current
  const run = (async () => {
    // The account comes along so that publishing does not read it again.
    const target = await prisma.publishTarget.findUnique({ where: { id: targetId }, include: { post: true, account: true } })
    if (!target || isSettled(target.status)) return target && withoutRelations(target)
    try {
      return await publish(target, timings)
    } catch (error) {
      const failure = failureFrom(error)
      logEvent('warn', 'publish.target_failed', { targetId, platform: target.platform, kind: failure.kind, code: failure.code, subcode: failure.subcode })
      return saveStep(targetId, { status: failure.unconfirmed ? 'unconfirmed' : 'failed', ...failureColumns(failure) })
    }
  })().finally(() => running.delete(targetId))
  running.set(targetId, run)
  return run
}
