import { createHash } from 'node:crypto'
import { z } from 'zod'
import { contentRuleIssues, customTextFor, postContentFields, wellFormed } from '#app/shared/post-content-schema.ts'
import type { Account } from '#prisma/generated/client/client.ts'
import { connectionStatus, publishAbility } from '../accounts/connections.ts'
import { prisma } from '../db.ts'
import { getEnv } from '../env.ts'
import { InvalidInputError, type InputIssue } from '../errors.ts'
import { imageUrlProblem } from '../media/remote-url.ts'
import { resolvePostMedia, type PreparedMedia } from './prepare-media.ts'

export const PublishRequestSchema = z.object({
  ...postContentFields,
  idempotencyKey: wellFormed(z.string()).trim().min(1).max(255, 'Idempotency keys can have at most 255 characters.').nullish(),
  scheduledAt: z.date().nullish(),
  /** Refuse the whole request when any chosen destination cannot take it, instead of partial results. */
  allOrNothing: z.boolean().nullish(),
})

export const MIN_SCHEDULE_AHEAD_MS = 60_000
const MAX_SCHEDULE_AHEAD_MS = 365 * 24 * 60 * 60 * 1000

/** Why a post cannot be scheduled at `at`, or null. */
export function scheduleProblem(at: Date, now = Date.now()): string | null {
  if (at.getTime() < now + MIN_SCHEDULE_AHEAD_MS) return 'Choose a time at least a minute from now, or publish now.'
  if (at.getTime() > now + MAX_SCHEDULE_AHEAD_MS) return 'Choose a time within the next year.'
  return null
}

export type PublishRequest = z.input<typeof PublishRequestSchema>

export type PreparedTarget = {
  accountId: string
  platform: 'threads' | 'facebook'
  platformAccountId: string
  accountName: string
  /** Its own text instead of the post's, or null. */
  text: string | null
}

/** A chosen destination that cannot take the post now: recorded as failed, never sent. */
export type SkippedTarget = PreparedTarget & {
  failure: { kind: 'reconnect' | 'permanent'; action: 'reconnect' | 'fix_account'; message: string }
}

export type PreparedPost = {
  scheduledAt: Date | null
  text: string
  imageUrl: string | null
  link: string | null
  media: PreparedMedia[]
  idempotencyKey: string | null
  requestHash: string
  targets: PreparedTarget[]
  skipped: SkippedTarget[]
}

function zodIssues(error: z.ZodError): InputIssue[] {
  return error.issues.map((issue) => ({ field: issue.path.join('.') || 'input', message: issue.message }))
}

/** Why a connection cannot take this post, and what the person can do; null when it can. */
function unusable(account: Account): SkippedTarget['failure'] | null {
  const { canPublish, publishBlockedReason } = publishAbility(account)
  if (canPublish) return null
  // Blocked by the Page role (the person lacks the task at Meta), not by Duopost's access.
  if (account.status === 'ACTIVE' && connectionStatus(account) !== 'NEEDS_RECONNECT')
    return { kind: 'permanent', action: 'fix_account', message: publishBlockedReason! }
  return { kind: 'reconnect', action: 'reconnect', message: publishBlockedReason! }
}

function requestHash(post: Omit<PreparedPost, 'requestHash' | 'idempotencyKey'>): string {
  // A target's own text joins its key only when it has one, so the hash of a post without any stays as it was.
  const targets = [...post.targets, ...post.skipped]
    .map((t) => `${t.platform}:${t.platformAccountId}${t.text === null ? '' : `\n${t.text}`}`)
    .sort()
  const when = post.scheduledAt?.toISOString() ?? null
  return createHash('sha256')
    .update(JSON.stringify([post.text, post.imageUrl, post.link, targets, when, ...(post.media.length > 0 ? [post.media] : [])]))
    .digest('hex')
}

/**
 * Checks a publish request completely, reporting every problem at once by field, and resolves
 * its targets among the viewer's own connections: a Page id that is not the viewer's is reported
 * exactly like one that does not exist. A chosen connection that cannot publish now (it needs a
 * reconnect, or the Page role lacks the task) becomes a skipped target, reported as failed next
 * to the others' results, unless the request asks for all or nothing (docs/api.md).
 */
export async function preparePost(userId: string, request: PublishRequest): Promise<PreparedPost> {
  const parsed = PublishRequestSchema.safeParse(request)
  if (!parsed.success) throw new InvalidInputError(zodIssues(parsed.error))
  const { platforms, content, facebookPageIds } = parsed.data
  const issues: InputIssue[] = contentRuleIssues(parsed.data).map(({ path, message }) => ({ field: path.join('.'), message }))
  const wantsThreads = platforms.includes('threads')
  const wantsFacebook = platforms.includes('facebook')

  const scheduledAt = parsed.data.scheduledAt ?? null
  const timing = scheduledAt && scheduleProblem(scheduledAt)
  if (timing) issues.push({ field: 'scheduledAt', message: timing })
  const media = await resolvePostMedia(userId, parsed.data.media, platforms)
  issues.push(...media.issues)
  if (content.imageUrl && parsed.data.media.length > 0) {
    issues.push({ field: 'content.imageUrl', message: 'Send the image as a media item, or as imageUrl, not both.' })
  }
  if (content.imageUrl) {
    const sandbox = getEnv().META_SANDBOX_URL
    const problem = await imageUrlProblem(content.imageUrl, sandbox ? [new URL(sandbox).origin] : [])
    if (problem) issues.push({ field: 'content.imageUrl', message: problem })
  }

  const targets: PreparedTarget[] = []
  const skipped: SkippedTarget[] = []
  const accounts = await prisma.account.findMany({
    where: { userId, platform: { in: ['threads', 'facebook'] } },
  })
  const choose = (account: Account, target: PreparedTarget, field: string, label: string) => {
    const failure = unusable(account)
    if (!failure) targets.push(target)
    else if (parsed.data.allOrNothing) issues.push({ field, message: `${label}: ${failure.message}` })
    else skipped.push({ ...target, failure })
  }
  if (wantsThreads) {
    const threads = accounts.find((account) => account.platform === 'threads')
    if (!threads) issues.push({ field: 'platforms', message: 'Threads: Connect your Threads profile first.' })
    else {
      const accountName = `@${threads.username ?? threads.platformAccountId}`
      choose(
        threads,
        {
          accountId: threads.id,
          platform: 'threads',
          platformAccountId: threads.platformAccountId,
          accountName,
          text: customTextFor(content, 'threads'),
        },
        'platforms',
        'Threads',
      )
    }
  }
  for (const pageId of wantsFacebook ? facebookPageIds : []) {
    const page = accounts.find((account) => account.platform === 'facebook' && account.platformAccountId === pageId)
    if (!page) {
      issues.push({ field: 'facebookPageIds', message: `None of your connected Pages has the id ${pageId}.` })
      continue
    }
    const name = page.displayName ?? pageId
    const target: PreparedTarget = {
      accountId: page.id,
      platform: 'facebook',
      platformAccountId: pageId,
      accountName: name,
      text: customTextFor(content, 'facebook', pageId),
    }
    choose(page, target, 'facebookPageIds', `You cannot publish to “${name}”`)
  }
  if (issues.length === 0 && targets.length === 0) {
    // Nothing chosen can take the post: say why for each, as all-or-nothing would.
    for (const target of skipped)
      issues.push({
        field: target.platform === 'threads' ? 'platforms' : 'facebookPageIds',
        message: `${target.platform === 'threads' ? 'Threads' : `You cannot publish to “${target.accountName}”`}: ${target.failure.message}`,
      })
  }
  if (issues.length > 0) throw new InvalidInputError(issues)

  const post = {
    text: content.text.trim(),
    imageUrl: content.imageUrl,
    link: content.link,
    media: media.items,
    targets,
    skipped,
    scheduledAt,
  }
  return { ...post, idempotencyKey: parsed.data.idempotencyKey ?? null, requestHash: requestHash(post) }
}
