import type { Account, PublishTarget, TargetChange, TargetChangeKind, TargetErrorAction } from '#prisma/generated/client/client.ts'
import { ReconnectNeededError } from '../accounts/account-health.ts'
import { facebookPageAccess, threadsAccess } from '../accounts/publishing-access.ts'
import { prisma } from '../db.ts'
import { InvalidInputError } from '../errors.ts'
import { errorFields, logEvent } from '../log.ts'
import { MetaApiError } from '../platforms/meta-error.ts'
import { PLATFORM_NAME } from '../platforms/platform-name.ts'
import { FACEBOOK_TEXT_LIMIT } from '#app/shared/content-rules.ts'
import { outcomeUnknown } from './send-outcome.ts'

// Editing and deleting a post after it was published (issue 17, docs/decisions/027). Each change
// is recorded as `sending` before the call to Meta leaves. A lost answer is settled by reading the
// post back: an edit shows its text, a delete leaves nothing to read. What cannot be read stays
// `sending`, and the next change of the same target reads the post before it sends anything.

export class PublishTargetNotFoundError extends Error {
  override name = 'PublishTargetNotFoundError'
  constructor() {
    super('No published post of yours has that target id.')
  }
}

/** The change makes no sense for this target: not published, already deleted, or a Threads edit. */
export class TargetNotChangeableError extends Error {
  override name = 'TargetNotChangeableError'
}

export type ChangeFailure = {
  message: string
  /** Meta's own message, when Meta answered with an error. */
  metaMessage: string | null
  action: TargetErrorAction
  code: number | null
  subcode: number | null
  /** Meta may have made the change: Duopost reads the post before it sends anything again. */
  unconfirmed: boolean
}

/** Meta refused the change, or its outcome is not known yet. */
export class PublishedChangeFailedError extends Error {
  override name = 'PublishedChangeFailedError'
  constructor(readonly failure: ChangeFailure) {
    super(failure.message)
  }
}

type Seen = { gone: true } | { gone: false; text: string }

/** What Duopost can do with the published post at Meta. */
type Remote = {
  read: () => Promise<Seen>
  /** Facebook only: Threads has no edit. */
  edit?: (text: string) => Promise<unknown>
  remove: () => Promise<unknown>
}

/** Meta's "does not exist" for the account's own post means it is gone. */
async function readOrGone(read: () => Promise<string>): Promise<Seen> {
  try {
    return { gone: false, text: await read() }
  } catch (error) {
    if (error instanceof MetaApiError && error.failure.reason === 'object_missing') return { gone: true }
    throw error
  }
}

async function remoteOf(target: PublishTarget & { account: Account | null }, postId: string): Promise<Remote> {
  if (target.platform === 'facebook') {
    const page = await facebookPageAccess(target.accountId ?? '', target.account)
    return {
      read: () => readOrGone(async () => (await page.getPost(postId)).data.message ?? ''),
      edit: (text) => page.editPost(postId, text),
      remove: () => page.deletePost(postId),
    }
  }
  const profile = await threadsAccess(target.accountId ?? '', target.account)
  return {
    read: () => readOrGone(async () => (await profile.getMedia(postId)).data.text ?? ''),
    remove: () => profile.deletePost(postId),
  }
}

const EDIT_ON_THREADS = 'Threads does not let apps edit a published post. Delete it and publish a new one instead.'

function failureOf(error: unknown, unconfirmed: boolean): ChangeFailure {
  if (error instanceof MetaApiError) {
    const { failure } = error
    return {
      message: failure.userMessage,
      metaMessage: failure.code === undefined ? null : failure.detail,
      action: failure.action,
      code: failure.code ?? null,
      subcode: failure.subcode ?? null,
      unconfirmed,
    }
  }
  return { message: 'Something went wrong in Duopost.', metaMessage: null, action: 'retry', code: null, subcode: null, unconfirmed }
}

function landed(change: Pick<TargetChange, 'kind' | 'text'>, seen: Seen): boolean {
  return change.kind === 'delete' ? seen.gone : !seen.gone && seen.text === change.text
}

/** Records a change as made, and what it made of the target, in one write. */
async function settleDone(change: Pick<TargetChange, 'id' | 'kind' | 'text' | 'targetId'>) {
  const now = new Date()
  await prisma.$transaction([
    prisma.targetChange.update({
      where: { id: change.id },
      data: {
        status: 'done',
        settledAt: now,
        errorMessage: null,
        metaMessage: null,
        errorAction: null,
        errorCode: null,
        errorSubcode: null,
      },
    }),
    prisma.publishTarget.update({
      where: { id: change.targetId },
      data: change.kind === 'delete' ? { deletedAt: now } : { editedText: change.text, editedAt: now },
    }),
  ])
}

async function settleFailed(changeId: string, failure: ChangeFailure) {
  await prisma.targetChange.update({
    where: { id: changeId },
    data: {
      status: failure.unconfirmed ? 'sending' : 'failed',
      settledAt: failure.unconfirmed ? null : new Date(),
      errorMessage: failure.message,
      metaMessage: failure.metaMessage,
      errorAction: failure.action,
      errorCode: failure.code,
      errorSubcode: failure.subcode,
    },
  })
}

function notApplied(platform: PublishTarget['platform'], kind: TargetChangeKind): ChangeFailure {
  const name = PLATFORM_NAME[platform]
  return {
    message:
      kind === 'delete'
        ? `${name} did not answer, and the post is still there: it was not deleted. Try again.`
        : `${name} did not answer, and the post still shows its old text: it was not changed. Try again.`,
    metaMessage: null,
    action: 'retry',
    code: null,
    subcode: null,
    unconfirmed: false,
  }
}

function uncheckable(platform: PublishTarget['platform'], error: unknown): ChangeFailure {
  return {
    ...failureOf(error, true),
    message: `${PLATFORM_NAME[platform]} did not answer, and Duopost could not check the post yet. It reads the post before sending anything again: try again in a moment.`,
  }
}

/**
 * Settles the changes whose answer was lost by reading the post once; the reading is returned so
 * the new change can use it. Null when nothing was pending.
 */
async function settlePending(target: PublishTarget & { changes: TargetChange[] }, remote: Remote): Promise<Seen | null> {
  if (target.changes.length === 0) return null
  let seen: Seen
  try {
    seen = await remote.read()
  } catch (error) {
    throw new PublishedChangeFailedError(uncheckable(target.platform, error))
  }
  for (const change of target.changes) {
    if (landed(change, seen)) await settleDone(change)
    else await settleFailed(change.id, notApplied(target.platform, change.kind))
  }
  return seen
}

async function changeableTarget(userId: string, targetId: string) {
  const target = await prisma.publishTarget.findFirst({
    where: { id: targetId, post: { userId } },
    include: { account: true, changes: { where: { status: 'sending' }, orderBy: { createdAt: 'asc' } } },
  })
  if (!target) throw new PublishTargetNotFoundError()
  if (target.status !== 'published' || !target.platformPostId) {
    throw new TargetNotChangeableError('Only a published post can be edited or deleted, and this one is not published.')
  }
  return { ...target, platformPostId: target.platformPostId }
}

async function accessFor(target: Awaited<ReturnType<typeof changeableTarget>>): Promise<Remote> {
  try {
    return await remoteOf(target, target.platformPostId)
  } catch (error) {
    if (!(error instanceof ReconnectNeededError)) throw error
    throw new PublishedChangeFailedError({ ...failureOf(error, false), message: error.message, action: 'reconnect' })
  }
}

function alreadyDeleted(platform: PublishTarget['platform']): TargetNotChangeableError {
  return new TargetNotChangeableError(`This post was already deleted from ${PLATFORM_NAME[platform]}.`)
}

/** Sends one change, recorded first; a lost answer is settled by reading the post back. */
async function send(target: Awaited<ReturnType<typeof changeableTarget>>, remote: Remote, kind: TargetChangeKind, text: string | null) {
  const change = await prisma.targetChange.create({ data: { targetId: target.id, kind, text } })
  try {
    await (kind === 'delete' ? remote.remove() : remote.edit?.(text ?? ''))
  } catch (error) {
    // Deleting what is already gone (an earlier delete landed late, or someone deleted it on Meta).
    if (kind === 'delete' && error instanceof MetaApiError && error.failure.reason === 'object_missing') return settleDone(change)
    if (!outcomeUnknown(error)) {
      const failure = failureOf(error, false)
      await settleFailed(change.id, failure)
      throw new PublishedChangeFailedError(failure)
    }
    logEvent('warn', 'published_change.answer_lost', { targetId: target.id, kind, ...errorFields(error) })
    let seen: Seen
    try {
      seen = await remote.read()
    } catch (readError) {
      const failure = uncheckable(target.platform, readError)
      await settleFailed(change.id, failure)
      throw new PublishedChangeFailedError(failure)
    }
    if (landed(change, seen)) return settleDone(change)
    const failure = notApplied(target.platform, kind)
    await settleFailed(change.id, failure)
    throw new PublishedChangeFailedError(failure)
  }
  return settleDone(change)
}

async function reloaded(targetId: string) {
  return prisma.publishTarget.findUniqueOrThrow({ where: { id: targetId } })
}

/** Replaces the text of a post published on a Facebook Page. Sending the same edit twice is harmless. */
export async function editPublishedTarget(userId: string, targetId: string, text: string) {
  const target = await changeableTarget(userId, targetId)
  if (target.platform === 'threads') throw new TargetNotChangeableError(EDIT_ON_THREADS)
  const issues = []
  if (text.trim() === '') issues.push({ field: 'text', message: 'Write the new text; to take the post down, delete it instead.' })
  if ([...text].length > FACEBOOK_TEXT_LIMIT) issues.push({ field: 'text', message: `Facebook allows ${FACEBOOK_TEXT_LIMIT} characters.` })
  if (issues.length > 0) throw new InvalidInputError(issues)
  if (target.deletedAt) throw alreadyDeleted(target.platform)
  const remote = await accessFor(target)
  const seen = await settlePending(target, remote)
  if (seen?.gone) throw alreadyDeleted(target.platform)
  await send(target, remote, 'edit', text)
  return reloaded(target.id)
}

/**
 * Deletes a published post from Threads or its Page. A delete whose answer was lost is never
 * reported as failed when the post is gone: gone is deleted.
 */
export async function deletePublishedTarget(userId: string, targetId: string) {
  const target = await changeableTarget(userId, targetId)
  if (target.deletedAt) return target
  const remote = await accessFor(target)
  const seen = await settlePending(target, remote)
  // A pending delete found landed is recorded already. A post gone for another reason (deleted on
  // Meta) is still sent once: Meta's "does not exist" records it as deleted, with its history entry.
  if (!seen?.gone || !(await reloaded(target.id)).deletedAt) await send(target, remote, 'delete', null)
  return reloaded(target.id)
}
