import { randomUUID } from 'node:crypto'
import { Prisma } from '#prisma/generated/client/client.ts'
import { prisma } from '../db.ts'
import { errorFields, logEvent } from '../log.ts'
import { InvalidInputError } from '../errors.ts'
import { enqueueNewTargets, enqueueTarget, withdrawJobs } from './publish-queue.ts'
import { watchTargetsDone } from './target-done.ts'
import { isSettled, TARGET_ORDER } from './target-states.ts'
import { awaitingRetry, retryableNow } from './target-retry.ts'
import { failureColumns } from './target-failure.ts'
import { preparePost, type PreparedPost, type PublishRequest } from './prepare-post.ts'

/** How long a publish request waits for its targets before answering with their current state. */
export const DEFAULT_WAIT_MS = 20_000

export class IdempotencyConflictError extends Error {
  override name = 'IdempotencyConflictError'
  constructor() {
    super('This idempotency key was already used for a post with different content or targets. Use a new key for a new post.')
  }
}

export class PostNotFoundError extends Error {
  override name = 'PostNotFoundError'
  constructor() {
    super('No post with that id exists on your account.')
  }
}

export type PublishOptions = { waitMs?: number }

/**
 * Jobs in this process say when they are done with a target; the database is read again this often
 * for the targets a worker in another process runs.
 */
const OTHER_PROCESS_POLL_MS = 250

const withTargets = { targets: { orderBy: [...TARGET_ORDER] } } satisfies Prisma.PostInclude

async function existingForKey(userId: string, prepared: PreparedPost) {
  if (!prepared.idempotencyKey) return null
  const existing = await prisma.post.findUnique({
    where: { userId_idempotencyKey: { userId, idempotencyKey: prepared.idempotencyKey } },
    include: withTargets,
  })
  if (existing && existing.requestHash !== prepared.requestHash) throw new IdempotencyConflictError()
  return existing
}

/**
 * Validates the request and records the post and its queued targets without publishing: the one
 * an earlier request with the same key made, or a new one (`created`).
 */
export async function recordPost(userId: string, request: PublishRequest) {
  const prepared = await preparePost(userId, request)
  return createPost(userId, prepared)
}

/** The rows of a prepared post's targets: queued ones with their job's id, skipped ones failed. */
export function targetRows(prepared: PreparedPost) {
  return [
    ...prepared.targets.map((target) => ({ ...target, jobId: randomUUID() })),
    ...prepared.skipped.map(({ failure, ...target }) => ({
      ...target,
      status: 'failed' as const,
      ...failureColumns({ ...failure, retryable: false }),
    })),
  ]
}

async function createPost(userId: string, prepared: PreparedPost) {
  const existing = await existingForKey(userId, prepared)
  if (existing) return { post: existing, created: false }
  try {
    const post = await prisma.post.create({
      data: {
        userId,
        text: prepared.text,
        imageUrl: prepared.imageUrl,
        link: prepared.link,
        idempotencyKey: prepared.idempotencyKey,
        requestHash: prepared.requestHash,
        scheduledAt: prepared.scheduledAt,
        media: { createMany: { data: prepared.media.map((item, position) => ({ ...item, position })) } },
        // A post for now starts when it is recorded, so none of its jobs needs to start it.
        startedAt: prepared.scheduledAt ? null : new Date(),
        // One statement for all targets, each with the id its job will have, so the jobs can be
        // queued in one statement too.
        targets: { createMany: { data: targetRows(prepared) } },
      },
      include: withTargets,
    })
    return { post, created: true }
  } catch (error) {
    // Two requests with one key at the same moment: the loser answers with the winner's post.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const winner = await existingForKey(userId, prepared)
      if (winner) return { post: winner, created: false }
    }
    throw error
  }
}

export function findPost(userId: string, postId: string) {
  return prisma.post.findFirst({ where: { id: postId, userId }, include: withTargets })
}

async function reload(userId: string, postId: string) {
  const post = await findPost(userId, postId)
  if (!post) throw new PostNotFoundError()
  return post
}

/** Waits until every given target settled or waits for a retry, or the time is up. */
async function waitForTargets(targetIds: readonly string[], waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs
  const done = watchTargetsDone()
  try {
    let pending = targetIds
    while (Date.now() < deadline) {
      const targets = await prisma.publishTarget.findMany({
        where: { id: { in: [...pending] } },
        select: { id: true, status: true, attempts: true, retryAfter: true },
      })
      pending = targets.filter((target) => !isSettled(target.status) && !awaitingRetry(target)).map((target) => target.id)
      if (pending.length === 0) return
      await done.until(pending, Math.min(OTHER_PROCESS_POLL_MS, deadline - Date.now()))
    }
  } finally {
    done.close()
  }
}

/**
 * Validates, records the post with one target per destination and queues one job per target (at
 * its scheduled time, or now). A post for now waits up to `waitMs` so quick targets answer with
 * their outcome; slower ones report their progress. Repeating a request with its idempotency key
 * answers with the first request's post and queues nothing again.
 */
export async function publishPost(userId: string, request: PublishRequest, options: PublishOptions = {}) {
  const { post, created } = await recordPost(userId, request)
  // From here on the post exists: whatever fails, the answer is the post, never an error a client
  // would answer by sending it again. Targets left without a job are queued by the sweeper.
  try {
    const queued = post.targets.filter((target) => target.status === 'queued')
    if (created) await enqueueNewTargets(queued, post.scheduledAt ?? undefined)
    if (!post.scheduledAt)
      await waitForTargets(
        queued.map((t) => t.id),
        options.waitMs ?? DEFAULT_WAIT_MS,
      )
    return await reload(userId, post.id)
  } catch (error) {
    logEvent('error', 'publish.after_record_failed', { postId: post.id, ...errorFields(error) })
    return post
  }
}

/**
 * Publishes again, now, the targets a retry can help (`retryableNow`: failed in a way worth
 * retrying, waiting for their automatic retry, or failed for a connection that is ACTIVE again);
 * published ones are never touched, and a send whose outcome is unknown is searched for first.
 */
export async function retryPublishTargets(
  userId: string,
  postId: string,
  targetIds: readonly string[] | null,
  options: PublishOptions = {},
) {
  const targets = await prisma.publishTarget.findMany({
    where: { postId, post: { userId }, ...(targetIds ? { id: { in: [...targetIds] } } : {}) },
    include: { account: { select: { status: true } } },
  })
  if (targets.length === 0) await reload(userId, postId)
  const retryable = targets.filter(retryableNow)
  if (retryable.length === 0) {
    throw new InvalidInputError([
      {
        field: 'targetIds',
        message: 'Nothing to retry: these targets are published, still publishing, or failed in a way a retry cannot fix.',
      },
    ])
  }
  await requeue(retryable)
  await waitForTargets(
    retryable.map((t) => t.id),
    options.waitMs ?? DEFAULT_WAIT_MS,
  )
  return reload(userId, postId)
}

/**
 * Queues again, now, targets a retry can help. Only rows still in a retryable state are reset, so
 * two retries at once reset (and run) once. `reconcileFrom` stays: a send whose outcome is unknown
 * is searched for before anything is sent.
 */
async function requeue(targets: readonly { id: string; jobId: string | null }[]): Promise<void> {
  await prisma.publishTarget.updateMany({
    where: {
      id: { in: targets.map((t) => t.id) },
      status: { in: ['failed', 'unconfirmed', 'queued'] },
      OR: [{ retryable: true }, { errorKind: 'reconnect' }],
    },
    data: { status: 'queued', ...failureColumns(null) },
  })
  await withdrawJobs(targets.map((target) => target.jobId))
  for (const target of targets) await enqueueTarget(target.id)
}

/** Targets that failed because this connection needed a reconnect, which a retry can help now. */
export async function connectionFailures(userId: string, accountId?: string) {
  return prisma.publishTarget.findMany({
    where: {
      errorKind: 'reconnect',
      status: { in: ['failed', 'unconfirmed'] },
      account: { userId, status: 'ACTIVE', ...(accountId ? { id: accountId } : {}) },
      post: { userId, cancelledAt: null },
    },
    select: { id: true, jobId: true, postId: true, accountId: true, platform: true, accountName: true },
  })
}

/**
 * After a reconnect: publishes again every target of the viewer's that failed because this
 * connection needed one. Answers how many were queued (0 when there were none left).
 */
export async function retryConnectionFailures(userId: string, accountId: string): Promise<number> {
  const targets = await connectionFailures(userId, accountId)
  if (targets.length > 0) await requeue(targets)
  return targets.length
}
