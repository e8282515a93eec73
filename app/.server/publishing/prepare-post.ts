import { createHash } from 'node:crypto'
import { z } from 'zod'
import { FACEBOOK_TEXT_LIMIT, THREADS_LINK_LIMIT, THREADS_TEXT_LIMIT, threadsLinks, threadsTextLength } from '#app/shared/content-rules.ts'
import type { Account } from '#prisma/generated/client/client.ts'
import { connectionStatus, publishAbility } from '../accounts/connections.ts'
import { ACCOUNT_PROVIDER } from '../accounts/providers.ts'
import { prisma } from '../db.ts'
import { getEnv } from '../env.ts'
import { InvalidInputError, type InputIssue } from '../errors.ts'
import { imageUrlProblem } from './media-url.ts'

/**
 * Text Meta and the database can take as sent: no NUL character (PostgreSQL refuses it) and no
 * lone UTF-16 surrogate (left over from broken encoding; it would be published as U+FFFD).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

const wellFormed = (schema: z.ZodString) =>
  schema
    .refine((value) => !value.includes('\u0000'), 'Remove the NUL character (U+0000); it cannot be published.')
    .refine(
      (value) => !LONE_SURROGATE.test(value),
      'This contains a broken character (a lone UTF-16 surrogate, usually from a bad copy or encoding). Remove it or type it again.',
    )

const optionalText = wellFormed(z.string())
  .trim()
  .nullish()
  .transform((value) => value || null)

export const PublishRequestSchema = z.object({
  platforms: z
    .array(z.enum(['threads', 'facebook']))
    .min(1, 'Choose at least one place to publish to: Threads, Facebook, or both.')
    .transform((list) => [...new Set(list)]),
  content: z.object({
    text: wellFormed(z.string())
      .pipe(z.string().max(FACEBOOK_TEXT_LIMIT, `Posts can have at most ${FACEBOOK_TEXT_LIMIT} characters.`))
      .default(''),
    imageUrl: optionalText.pipe(z.string().max(2048, 'The image address is too long.').nullable()),
    link: optionalText.pipe(
      z
        .url({ protocol: /^https?$/, error: 'Enter the link as a full address, starting with https://.' })
        .max(2048)
        .nullable(),
    ),
  }),
  facebookPageIds: z
    .array(z.string().trim().min(1))
    .nullish()
    .transform((ids) => [...new Set(ids ?? [])]),
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

export type PreparedTarget = { accountId: string; platform: 'threads' | 'facebook'; providerAccountId: string; accountName: string }

/** A chosen destination that cannot take the post now: recorded as failed, never sent. */
export type SkippedTarget = PreparedTarget & {
  failure: { kind: 'reconnect' | 'permanent'; action: 'reconnect' | 'fix_account'; message: string }
}

export type PreparedPost = {
  scheduledAt: Date | null
  text: string
  imageUrl: string | null
  link: string | null
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
  const targets = [...post.targets, ...post.skipped].map((t) => `${t.platform}:${t.providerAccountId}`).sort()
  const when = post.scheduledAt?.toISOString() ?? null
  return createHash('sha256')
    .update(JSON.stringify([post.text, post.imageUrl, post.link, targets, when]))
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
  const issues: InputIssue[] = []
  const wantsThreads = platforms.includes('threads')
  const wantsFacebook = platforms.includes('facebook')

  if (!content.text.trim() && !content.imageUrl) issues.push({ field: 'content.text', message: 'Write some text or add an image.' })
  const scheduledAt = parsed.data.scheduledAt ?? null
  const timing = scheduledAt && scheduleProblem(scheduledAt)
  if (timing) issues.push({ field: 'scheduledAt', message: timing })
  if (wantsThreads) {
    const length = threadsTextLength(content.text)
    if (length > THREADS_TEXT_LIMIT) {
      issues.push({
        field: 'content.text',
        message: `Threads allows ${THREADS_TEXT_LIMIT} characters and counts each emoji as several; this text counts ${length}. Shorten it by ${length - THREADS_TEXT_LIMIT}.`,
      })
    }
    const links = threadsLinks(content.text, content.link).length
    if (links > THREADS_LINK_LIMIT)
      issues.push({
        field: 'content.text',
        message: `Threads allows at most ${THREADS_LINK_LIMIT} links in a post; this one has ${links}.`,
      })
  }
  if (content.imageUrl) {
    const sandbox = getEnv().META_SANDBOX_URL
    const problem = await imageUrlProblem(content.imageUrl, sandbox ? [new URL(sandbox).origin] : [])
    if (problem) issues.push({ field: 'content.imageUrl', message: problem })
  }

  const targets: PreparedTarget[] = []
  const skipped: SkippedTarget[] = []
  const accounts = await prisma.account.findMany({
    where: { userId, provider: { in: [ACCOUNT_PROVIDER.threads, ACCOUNT_PROVIDER.facebook] } },
  })
  const choose = (account: Account, target: PreparedTarget, field: string, label: string) => {
    const failure = unusable(account)
    if (!failure) targets.push(target)
    else if (parsed.data.allOrNothing) issues.push({ field, message: `${label}: ${failure.message}` })
    else skipped.push({ ...target, failure })
  }
  if (wantsThreads) {
    const threads = accounts.find((account) => account.provider === ACCOUNT_PROVIDER.threads)
    if (!threads) issues.push({ field: 'platforms', message: 'Threads: Connect your Threads profile first.' })
    else {
      const accountName = `@${threads.username ?? threads.providerAccountId}`
      choose(
        threads,
        { accountId: threads.id, platform: 'threads', providerAccountId: threads.providerAccountId, accountName },
        'platforms',
        'Threads',
      )
    }
  }
  if (wantsFacebook && facebookPageIds.length === 0)
    issues.push({ field: 'facebookPageIds', message: 'Choose at least one Facebook Page.' })
  if (!wantsFacebook && facebookPageIds.length > 0)
    issues.push({ field: 'facebookPageIds', message: 'Tick Facebook as a platform to publish to these Pages, or leave them out.' })
  for (const pageId of wantsFacebook ? facebookPageIds : []) {
    const page = accounts.find((account) => account.provider === ACCOUNT_PROVIDER.facebook && account.providerAccountId === pageId)
    if (!page) {
      issues.push({ field: 'facebookPageIds', message: `None of your connected Pages has the id ${pageId}.` })
      continue
    }
    const name = page.pageName ?? pageId
    const target: PreparedTarget = { accountId: page.id, platform: 'facebook', providerAccountId: pageId, accountName: name }
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

  const post = { text: content.text.trim(), imageUrl: content.imageUrl, link: content.link, targets, skipped, scheduledAt }
  return { ...post, idempotencyKey: parsed.data.idempotencyKey ?? null, requestHash: requestHash(post) }
}
