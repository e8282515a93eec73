import { prisma } from '../db.ts'
import { InvalidInputError } from '../errors.ts'
import { enqueueNewTargets, enqueueTarget, withdrawJobs } from './publish-queue.ts'
import { PostNotFoundError, findPost, targetRows } from './publish-post.ts'
import { preparePost, scheduleProblem, type PublishRequest } from './prepare-post.ts'

export class PostAlreadyStartedError extends Error {
  override name = 'PostAlreadyStartedError'
  constructor() {
    super('Publishing of this post has already started, so it can no longer be cancelled or moved.')
  }
}

/**
 * Runs `change` on a post of the viewer's that has not started, under a lock on the post row: the
 * same lock a worker takes before it starts a target, so the two can never interleave.
 */
async function whileNotStarted<T>(
  userId: string,
  postId: string,
  change: (tx: Parameters<Parameters<typeof prisma.$transaction>[0]>[0]) => Promise<T>,
) {
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Post" WHERE id = ${postId} AND "userId" = ${userId} FOR UPDATE`
    const post = await tx.post.findFirst({ where: { id: postId, userId }, select: { startedAt: true, cancelledAt: true } })
    if (!post) throw new PostNotFoundError()
    if (post.startedAt || post.cancelledAt) throw new PostAlreadyStartedError()
    return change(tx)
  })
}

/** Cancels a post that has not started: none of its targets will ever run. */
export async function cancelPost(userId: string, postId: string) {
  const targets = await whileNotStarted(userId, postId, async (tx) => {
    await tx.post.update({ where: { id: postId }, data: { cancelledAt: new Date() } })
    return tx.publishTarget.findMany({ where: { postId }, select: { jobId: true } })
  })
  await withdrawJobs(targets.map((target) => target.jobId))
  return (await findPost(userId, postId))!
}

/** Moves a post that has not started to another time; the jobs for the old time are withdrawn. */
export async function reschedulePost(userId: string, postId: string, scheduledAt: Date) {
  const problem = scheduleProblem(scheduledAt)
  if (problem) throw new InvalidInputError([{ field: 'scheduledAt', message: problem }])
  const targets = await whileNotStarted(userId, postId, async (tx) => {
    await tx.post.update({ where: { id: postId }, data: { scheduledAt } })
    return tx.publishTarget.findMany({ where: { postId }, select: { id: true, jobId: true } })
  })
  await withdrawJobs(targets.map((target) => target.jobId))
  for (const target of targets) await enqueueTarget(target.id, scheduledAt)
  return (await findPost(userId, postId))!
}

/**
 * Sends a scheduled post that has not started now instead of at its time: its time becomes now
 * (the worker starts a post only once its time has come) and its jobs are queued for now.
 */
export async function publishScheduledPostNow(userId: string, postId: string) {
  const now = new Date()
  const targets = await whileNotStarted(userId, postId, async (tx) => {
    await tx.post.update({ where: { id: postId }, data: { scheduledAt: now } })
    return tx.publishTarget.findMany({ where: { postId, status: 'queued' }, select: { id: true, jobId: true } })
  })
  await withdrawJobs(targets.map((target) => target.jobId))
  for (const target of targets) await enqueueTarget(target.id)
  return (await findPost(userId, postId))!
}

/**
 * Changes everything about a scheduled post that has not started: its content, media, targets and
 * time, checked as a new post would be (media left out of the request stays as it is, and is
 * checked with the rest). Under the post's lock its targets and media are replaced (no target has
 * run: the post has not started), then the old jobs are withdrawn and the new ones queued.
 */
export async function editScheduledPost(userId: string, postId: string, request: Omit<PublishRequest, 'idempotencyKey'>) {
  if (!request.scheduledAt) {
    throw new InvalidInputError([{ field: 'scheduledAt', message: 'A scheduled post needs a time; to send it now, use publishPostNow.' }])
  }
  // Someone else's post is not found, whatever the rest of the request says.
  if (!(await prisma.post.findFirst({ where: { id: postId, userId }, select: { id: true } }))) throw new PostNotFoundError()
  const media =
    request.media ??
    (await prisma.postMedia.findMany({ where: { postId }, orderBy: { position: 'asc' }, select: { mediaId: true, altText: true } }))
  const prepared = await preparePost(userId, { ...request, media })
  const { old, created } = await whileNotStarted(userId, postId, async (tx) => {
    const previous = await tx.publishTarget.findMany({ where: { postId }, select: { jobId: true } })
    await tx.publishTarget.deleteMany({ where: { postId } })
    await tx.post.update({
      where: { id: postId },
      data: {
        text: prepared.text,
        imageUrl: prepared.imageUrl,
        link: prepared.link,
        scheduledAt: prepared.scheduledAt,
        requestHash: prepared.requestHash,
        targets: { createMany: { data: targetRows(prepared) } },
        media: { deleteMany: {}, createMany: { data: prepared.media.map((item, position) => ({ ...item, position })) } },
      },
    })
    const targets = await tx.publishTarget.findMany({
      where: { postId, status: 'queued' },
      select: { id: true, jobId: true, platform: true },
    })
    return { old: previous, created: targets }
  })
  await withdrawJobs(old.map((target) => target.jobId))
  await enqueueNewTargets(created, prepared.scheduledAt ?? undefined)
  return (await findPost(userId, postId))!
}
