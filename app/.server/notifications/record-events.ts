import { createHash } from 'node:crypto'
import type { NotificationKind, Prisma } from '#prisma/generated/client/client.ts'
import { prisma } from '../db.ts'
import { postStatus } from '../publishing/post-status.ts'
import { isInFlight, TARGET_ORDER } from '../publishing/target-states.ts'
import { excerptOf, type ConnectionPayload, type PostPayload, type QuotaPayload, type TargetPayload } from './payloads.ts'

const CURSOR = 'notifications'
/** Rows written by a transaction that committed late still have an older updatedAt: look back this far. */
const LOOK_BACK_MS = 5 * 60_000
const DAY_MS = 24 * 60 * 60_000
/** Facebook tokens cannot be renewed by Duopost; Threads tokens still this close to expiry were not renewed by the hourly pass. */
const EXPIRY_NOTICE_MS = { facebook: 7 * DAY_MS, threads: 3 * DAY_MS } as const

type NewEvent = { key: string; userId: string; kind: NotificationKind; payload: Prisma.InputJsonValue; emailState?: 'skipped' }

/** Inserts the events nobody recorded yet; a key already there (another process was first) is left alone. */
async function record(events: NewEvent[]): Promise<number> {
  if (events.length === 0) return 0
  return (await prisma.notificationEvent.createMany({ data: events, skipDuplicates: true })).count
}

/**
 * A post's outcome is one event per distinct set of target outcomes: a retry that ends differently
 * (failed, then published) makes a new one; one that ends the same way, or a job that finds its
 * target already settled and only counts an attempt, does not.
 */
function outcomeKey(postId: string, targets: readonly { id: string; status: string }[]): string {
  const fingerprint = targets
    .map((target) => `${target.id}:${target.status}`)
    .sort()
    .join(',')
  return `post:${postId}:${createHash('sha256').update(fingerprint).digest('base64url').slice(0, 22)}`
}

async function postEvents(since: Date): Promise<NewEvent[]> {
  const changed = await prisma.publishTarget.findMany({
    where: { updatedAt: { gt: since } },
    select: { postId: true },
    distinct: ['postId'],
  })
  if (changed.length === 0) return []
  const posts = await prisma.post.findMany({
    where: { id: { in: changed.map((target) => target.postId) }, cancelledAt: null },
    select: {
      id: true,
      userId: true,
      text: true,
      scheduledAt: true,
      cancelledAt: true,
      targets: {
        orderBy: [...TARGET_ORDER],
        select: {
          id: true,
          platform: true,
          accountName: true,
          status: true,
          errorMessage: true,
          errorAction: true,
          permalink: true,
        },
      },
    },
  })
  const events: NewEvent[] = []
  for (const post of posts) {
    if (post.targets.length === 0 || post.targets.some((target) => isInFlight(target.status))) continue
    const status = postStatus(post, post.targets)
    if (status !== 'published' && status !== 'partial' && status !== 'failed' && status !== 'unconfirmed') continue
    const payload: PostPayload = {
      postId: post.id,
      status,
      excerpt: excerptOf(post.text),
      targets: post.targets.map((target) => ({
        platform: target.platform,
        accountName: target.accountName,
        status: target.status,
        message: target.status === 'published' ? null : target.errorMessage,
        action: target.status === 'published' ? null : target.errorAction,
        permalink: target.permalink,
      })),
    }
    const published = status === 'published'
    events.push({
      key: outcomeKey(post.id, post.targets),
      userId: post.userId,
      kind: published ? 'post_published' : 'post_failed',
      payload,
      ...(published ? { emailState: 'skipped' as const } : {}),
    })
  }
  return events
}

const TARGET_KEY = /^target:(.+):(\d+)$/

function targetState(target: Omit<TargetPayload, 'changedAt'>): string {
  return JSON.stringify([target.status, target.permalink, target.error])
}

/**
 * Each change of a target, for `target.updated` webhooks, recorded only for people with an endpoint
 * that wants them. Changes of one target are numbered (`target:<id>:<n>`), so processes that see the
 * same change write one event; a state equal to the last one recorded (a heartbeat touched the row),
 * or read before it (a slower process), is not a change.
 */
async function targetEvents(since: Date): Promise<NewEvent[]> {
  const subscribers = await prisma.webhookEndpoint.findMany({
    where: { events: { has: 'target.updated' }, pausedAt: null },
    select: { userId: true },
    distinct: ['userId'],
  })
  if (subscribers.length === 0) return []
  const targets = await prisma.publishTarget.findMany({
    where: { updatedAt: { gt: since }, post: { userId: { in: subscribers.map((subscriber) => subscriber.userId) } } },
    select: {
      id: true,
      postId: true,
      post: { select: { userId: true } },
      platform: true,
      accountName: true,
      status: true,
      permalink: true,
      errorKind: true,
      errorMessage: true,
      errorAction: true,
      updatedAt: true,
    },
  })
  if (targets.length === 0) return []
  const recorded = await prisma.notificationEvent.findMany({
    where: { kind: 'target_updated', OR: targets.map((target) => ({ key: { startsWith: `target:${target.id}:` } })) },
    select: { key: true, payload: true },
  })
  const latest = new Map<string, { n: number; payload: TargetPayload }>()
  for (const event of recorded) {
    const [, targetId, n] = TARGET_KEY.exec(event.key)!
    if (Number(n) > (latest.get(targetId!)?.n ?? 0)) latest.set(targetId!, { n: Number(n), payload: event.payload as TargetPayload })
  }
  return targets.flatMap((target) => {
    const failed = target.status !== 'published' && (target.errorKind !== null || target.errorMessage !== null)
    const payload: TargetPayload = {
      postId: target.postId,
      targetId: target.id,
      platform: target.platform,
      accountName: target.accountName,
      status: target.status,
      permalink: target.permalink,
      error: failed ? { kind: target.errorKind, message: target.errorMessage, action: target.errorAction } : null,
      changedAt: target.updatedAt.toISOString(),
    }
    const last = latest.get(target.id)
    if (last && (targetState(last.payload) === targetState(payload) || Date.parse(last.payload.changedAt) >= target.updatedAt.getTime())) {
      return []
    }
    return [
      {
        key: `target:${target.id}:${(last?.n ?? 0) + 1}`,
        userId: target.post.userId,
        kind: 'target_updated',
        payload,
        emailState: 'skipped',
      },
    ]
  })
}

/**
 * A connection that needs reconnecting is one incident until it is ACTIVE again (or removed): the
 * incident's number is part of the key, so two processes noticing it at once write one event.
 */
async function reconnectEvents(): Promise<NewEvent[]> {
  const open = await prisma.notificationEvent.findMany({
    where: { kind: 'connection_needs_reconnect', resolvedAt: null },
    select: { id: true, payload: true },
  })
  const openAccountIds = new Set(open.map((event) => (event.payload as ConnectionPayload).accountId))
  const stillBroken = new Set(
    (await prisma.account.findMany({ where: { id: { in: [...openAccountIds] }, status: 'NEEDS_RECONNECT' }, select: { id: true } })).map(
      (account) => account.id,
    ),
  )
  const healed = open.filter((event) => !stillBroken.has((event.payload as ConnectionPayload).accountId)).map((event) => event.id)
  if (healed.length > 0) await prisma.notificationEvent.updateMany({ where: { id: { in: healed } }, data: { resolvedAt: new Date() } })

  const broken = await prisma.account.findMany({
    where: { status: 'NEEDS_RECONNECT', id: { notIn: [...stillBroken] } },
    select: { id: true, userId: true, platform: true, username: true, displayName: true, lastError: true },
  })
  const events: NewEvent[] = []
  for (const account of broken) {
    // Numbered by the incidents already over, which concurrent passes agree on (they only end when the account is ACTIVE).
    const incidents = await prisma.notificationEvent.count({
      where: { key: { startsWith: `reconnect:${account.id}:` }, resolvedAt: { not: null } },
    })
    const payload: ConnectionPayload = {
      accountId: account.id,
      platform: account.platform,
      name: account.username ? `@${account.username}` : (account.displayName ?? 'your connection'),
      reason: account.lastError,
    }
    events.push({ key: `reconnect:${account.id}:${incidents + 1}`, userId: account.userId, kind: 'connection_needs_reconnect', payload })
  }
  return events
}

async function expiryEvents(now: number): Promise<NewEvent[]> {
  const accounts = await prisma.account.findMany({
    where: { status: 'ACTIVE', tokenExpiresAt: { gt: new Date(now), lte: new Date(now + EXPIRY_NOTICE_MS.facebook) } },
    select: { id: true, userId: true, platform: true, username: true, displayName: true, tokenExpiresAt: true },
  })
  return accounts
    .filter((account) => account.tokenExpiresAt!.getTime() <= now + EXPIRY_NOTICE_MS[account.platform])
    .map((account) => {
      const payload: ConnectionPayload = {
        accountId: account.id,
        platform: account.platform,
        name: account.username ? `@${account.username}` : (account.displayName ?? 'your connection'),
        reason: null,
        expiresAt: account.tokenExpiresAt!.toISOString(),
      }
      return {
        key: `expiring:${account.id}:${account.tokenExpiresAt!.getTime()}`,
        userId: account.userId,
        kind: 'connection_expiring',
        payload,
      }
    })
}

/** Warn once Threads reports this share of the quota used (Meta allows 250 posts a day). */
const QUOTA_WARNING_SHARE = 0.9

/**
 * Threads profiles whose last quota reading (taken before each publish) reached the warning share.
 * Meta's window is rolling and it does not say when it started, so the key counts fixed windows of
 * its length since 1970: at most one warning per profile per window, agreed on by every process.
 */
async function quotaEvents(since: Date): Promise<NewEvent[]> {
  const accounts = await prisma.account.findMany({
    where: { platform: 'threads', threadsQuotaCheckedAt: { gt: since } },
    select: {
      id: true,
      userId: true,
      username: true,
      displayName: true,
      threadsQuotaUsed: true,
      threadsQuotaTotal: true,
      threadsQuotaWindowSeconds: true,
      threadsQuotaCheckedAt: true,
    },
  })
  return accounts.flatMap((account) => {
    const used = account.threadsQuotaUsed ?? 0
    const total = account.threadsQuotaTotal ?? 0
    const windowSeconds = account.threadsQuotaWindowSeconds ?? 0
    if (total <= 0 || windowSeconds <= 0 || used < total * QUOTA_WARNING_SHARE) return []
    const window = Math.floor(account.threadsQuotaCheckedAt!.getTime() / (windowSeconds * 1000))
    const payload: QuotaPayload = {
      accountId: account.id,
      name: account.username ? `@${account.username}` : (account.displayName ?? 'your Threads profile'),
      used,
      total,
      windowSeconds,
    }
    return [{ key: `quota:${account.id}:${window}`, userId: account.userId, kind: 'threads_quota_nearly_used' as const, payload }]
  })
}

/**
 * Looks at what changed since the last look and records each new event once: posts that settled,
 * targets that changed, connections that broke, tokens about to expire, Threads quotas nearly used. Any number of processes may run it at once.
 */
export async function recordNewEvents(now = Date.now()): Promise<number> {
  const cursor = await prisma.scanCursor.upsert({ where: { name: CURSOR }, create: { name: CURSOR, at: new Date(now) }, update: {} })
  const since = new Date(Math.max(cursor.at.getTime() - LOOK_BACK_MS, now - DAY_MS))
  const events = [
    ...(await postEvents(since)),
    ...(await targetEvents(since)),
    ...(await reconnectEvents()),
    ...(await expiryEvents(now)),
    ...(await quotaEvents(since)),
  ]
  const recorded = await record(events)
  await prisma.scanCursor.updateMany({ where: { name: CURSOR, at: { lt: new Date(now) } }, data: { at: new Date(now) } })
  return recorded
}
