import type { PublishTarget } from '#prisma/generated/client/client.ts'
import { prisma } from '../db.ts'
import type { TargetToRun } from './run-target.ts'
import { IN_FLIGHT, isSettled } from './target-states.ts'

type ClaimRow = PublishTarget & {
  postText: string
  postImageUrl: string | null
  postLink: string | null
  postStartedAt: Date | null
  postCancelledAt: Date | null
  postScheduledAt: Date | null
}

type ClaimState = { target: TargetToRun; postStartedAt: Date | null; postCancelledAt: Date | null; postScheduledAt: Date | null }

function claimStateOf(row: ClaimRow): ClaimState {
  const { postText, postImageUrl, postLink, postStartedAt, postCancelledAt, postScheduledAt, ...target } = row
  return {
    target: { ...target, post: { text: postText, imageUrl: postImageUrl, link: postLink } },
    postStartedAt,
    postCancelledAt,
    postScheduledAt,
  }
}

/** The target with its post, in one statement: what the claim decides on and what publishing needs. */
async function claimState(targetId: string): Promise<ClaimState | undefined> {
  const [row] = await prisma.$queryRaw<ClaimRow[]>`
    SELECT t.*, p.text AS "postText", p."imageUrl" AS "postImageUrl", p.link AS "postLink",
      p."startedAt" AS "postStartedAt", p."cancelledAt" AS "postCancelledAt", p."scheduledAt" AS "postScheduledAt"
    FROM "PublishTarget" t JOIN "Post" p ON p.id = t."postId" WHERE t.id = ${targetId}`
  return row && claimStateOf(row)
}

/**
 * Every run counts, whatever step it resumes at, so the retry policy's limits hold; the same write
 * is the run's first heartbeat.
 */
async function counted(target: TargetToRun): Promise<TargetToRun> {
  const { attempts } = await prisma.publishTarget.update({
    where: { id: target.id },
    data: { attempts: { increment: 1 }, heartbeatAt: new Date() },
    select: { attempts: true },
  })
  return { ...target, attempts }
}

/**
 * Is this job still wanted (target not settled, post not cancelled, not a leftover of an earlier
 * schedule)? If so the post is marked started, which from then on stops it from being cancelled or
 * moved, so what is published is always what the person last saw.
 *
 * Starting is one conditional UPDATE rather than a transaction holding the post's row lock: every
 * target of a post would otherwise queue on that one row. A cancel or reschedule holds the row
 * lock while it checks `startedAt` (schedule.ts), and PostgreSQL re-checks the UPDATE's condition
 * on the row as that transaction left it, so the two can never both win.
 */
async function claimOne(targetId: string): Promise<TargetToRun | null> {
  const known = await claimState(targetId)
  if (!known || isSettled(known.target.status) || known.postCancelledAt) return null
  if (known.postStartedAt) return counted(known.target)
  const now = new Date()
  const dueBy = new Date(now.getTime() + 1000)
  // A leftover job of an earlier, later-moved schedule: refused without writing anything.
  if (known.postScheduledAt && known.postScheduledAt > dueBy) return null
  // The time comes from here, as in every other write: now() would follow the server's time zone.
  const started = await prisma.$executeRaw`
    UPDATE "Post" SET "startedAt" = ${now}, "updatedAt" = ${now}
    WHERE id = ${known.target.postId} AND "startedAt" IS NULL AND "cancelledAt" IS NULL AND ("scheduledAt" IS NULL OR "scheduledAt" <= ${dueBy})`
  if (started === 1) return counted(known.target)
  // Another target started the post first (still wanted), or it was cancelled or moved meanwhile.
  const after = await claimState(targetId)
  return after && !isSettled(after.target.status) && after.postStartedAt ? counted(after.target) : null
}

/**
 * The common case for many jobs at once, in one statement: targets still in flight whose post has
 * started (so it can no longer be cancelled or moved) are counted and returned with their post.
 * The rest, a post's first targets included, go through claimOne.
 */
async function claimStarted(targetIds: readonly string[]): Promise<Map<string, TargetToRun>> {
  const now = new Date()
  const rows = await prisma.$queryRaw<ClaimRow[]>`
    UPDATE "PublishTarget" t SET attempts = t.attempts + 1, "heartbeatAt" = ${now}
    FROM "Post" p
    WHERE t.id = ANY(${targetIds}::text[]) AND p.id = t."postId" AND t.status::text = ANY(${IN_FLIGHT}::text[])
      AND p."startedAt" IS NOT NULL AND p."cancelledAt" IS NULL
    RETURNING t.*, p.text AS "postText", p."imageUrl" AS "postImageUrl", p.link AS "postLink",
      p."startedAt" AS "postStartedAt", p."cancelledAt" AS "postCancelledAt", p."scheduledAt" AS "postScheduledAt"`
  return new Map(rows.map((row) => [row.id, claimStateOf(row).target]))
}

type Waiting = { targetId: string; resolve: (target: TargetToRun | null) => void; reject: (error: unknown) => void }
let batch: Waiting[] | null = null

async function settleBatch(waiting: Waiting[]): Promise<void> {
  try {
    const claimed = await claimStarted([...new Set(waiting.map((w) => w.targetId))])
    for (const w of waiting) {
      const target = claimed.get(w.targetId)
      if (target) w.resolve(target)
      else claimOne(w.targetId).then(w.resolve, w.reject)
    }
  } catch (error) {
    for (const w of waiting) w.reject(error)
  }
}

/**
 * Claims a target for its job and counts the run; null when the job is no longer wanted. Jobs that
 * start together (one fetch of the dispatcher) are claimed together, in one statement.
 */
export function claimTarget(targetId: string): Promise<TargetToRun | null> {
  return new Promise((resolve, reject) => {
    if (!batch) {
      const waiting: Waiting[] = (batch = [])
      queueMicrotask(() => {
        batch = null
        void settleBatch(waiting)
      })
    }
    batch.push({ targetId, resolve, reject })
  })
}
