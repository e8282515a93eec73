import { createHash } from 'node:crypto'
import { z } from 'zod'
import { FACEBOOK_TEXT_LIMIT, THREADS_LINK_LIMIT, THREADS_TEXT_LIMIT, threadsLinks, threadsTextLength } from '#app/content-rules.ts'
import type { Account } from '#prisma/generated/client/client.ts'
import { connectionStatus } from '../accounts/connections.ts'
import { ACCOUNT_PROVIDER } from '../accounts/providers.ts'
import { prisma } from '../db.ts'
import { getEnv } from '../env.ts'
import { InvalidInputError, type InputIssue } from '../errors.ts'
import { imageUrlProblem } from './media-url.ts'

const optionalText = z
  .string()
  .trim()
  .nullish()
  .transform((value) => value || null)

export const PublishRequestSchema = z.object({
  platforms: z
    .array(z.enum(['threads', 'facebook']))
    .min(1, 'Choose at least one place to publish to: Threads, Facebook, or both.')
    .transform((list) => [...new Set(list)]),
  content: z.object({
    text: z.string().max(FACEBOOK_TEXT_LIMIT, `Posts can have at most ${FACEBOOK_TEXT_LIMIT} characters.`).default(''),
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
  idempotencyKey: z.string().trim().min(1).max(255, 'Idempotency keys can have at most 255 characters.').nullish(),
  scheduledAt: z.date().nullish(),
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

export type PreparedPost = {
  scheduledAt: Date | null
  text: string
  imageUrl: string | null
  link: string | null
  idempotencyKey: string | null
  requestHash: string
  targets: PreparedTarget[]
}

function zodIssues(error: z.ZodError): InputIssue[] {
  return error.issues.map((issue) => ({ field: issue.path.join('.') || 'input', message: issue.message }))
}

function unusableReason(
  account: Pick<Account, 'status' | 'expires_at' | 'canPublish' | 'publishBlockedReason' | 'lastError'>,
): string | null {
  const status = connectionStatus(account)
  if (status === 'NEEDS_RECONNECT' && account.status === 'ACTIVE') return 'Duopost’s access has expired. Connect the account again.'
  if (status === 'NEEDS_RECONNECT' || status === 'REVOKED')
    return account.lastError ?? 'Duopost can no longer publish here. Connect it again.'
  if (!account.canPublish) return account.publishBlockedReason ?? 'Meta does not let you publish here.'
  return null
}

function requestHash(post: Omit<PreparedPost, 'requestHash' | 'idempotencyKey'>): string {
  const targets = post.targets.map((t) => `${t.platform}:${t.providerAccountId}`).sort()
  const when = post.scheduledAt?.toISOString() ?? null
  return createHash('sha256')
    .update(JSON.stringify([post.text, post.imageUrl, post.link, targets, when]))
    .digest('hex')
}

/**
 * Checks a publish request completely, reporting every problem at once by field, and resolves
 * its targets among the viewer's own connections: a Page id that is not the viewer's is reported
 * exactly like one that does not exist.
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
  const accounts = await prisma.account.findMany({
    where: { userId, provider: { in: [ACCOUNT_PROVIDER.threads, ACCOUNT_PROVIDER.facebook] } },
  })
  if (wantsThreads) {
    const threads = accounts.find((account) => account.provider === ACCOUNT_PROVIDER.threads)
    const reason = threads ? unusableReason(threads) : 'Connect your Threads profile first.'
    if (reason || !threads) issues.push({ field: 'platforms', message: `Threads: ${reason}` })
    else
      targets.push({
        accountId: threads.id,
        platform: 'threads',
        providerAccountId: threads.providerAccountId,
        accountName: `@${threads.username ?? threads.providerAccountId}`,
      })
  }
  if (wantsFacebook && facebookPageIds.length === 0)
    issues.push({ field: 'facebookPageIds', message: 'Choose at least one Facebook Page.' })
  if (!wantsFacebook && facebookPageIds.length > 0)
    issues.push({ field: 'facebookPageIds', message: 'Tick Facebook as a platform to publish to these Pages, or leave them out.' })
  for (const pageId of wantsFacebook ? facebookPageIds : []) {
    const page = accounts.find((account) => account.provider === ACCOUNT_PROVIDER.facebook && account.providerAccountId === pageId)
    const name = page?.pageName ?? pageId
    const reason = page ? unusableReason(page) : null
    if (!page) issues.push({ field: 'facebookPageIds', message: `None of your connected Pages has the id ${pageId}.` })
    else if (reason) issues.push({ field: 'facebookPageIds', message: `You cannot publish to “${name}”: ${reason}` })
    else targets.push({ accountId: page.id, platform: 'facebook', providerAccountId: pageId, accountName: name })
  }
  if (issues.length > 0) throw new InvalidInputError(issues)

  const post = { text: content.text.trim(), imageUrl: content.imageUrl, link: content.link, targets, scheduledAt }
  return { ...post, idempotencyKey: parsed.data.idempotencyKey ?? null, requestHash: requestHash(post) }
}
