import type { Platform } from '#prisma/generated/client/enums.ts'
import { ReconnectNeededError } from '../accounts/account-health.ts'
import { MetaApiError, type MetaErrorAction, type MetaErrorKind } from '../platforms/meta-error.ts'
import { PLATFORM_NAME } from '../platforms/platform-name.ts'

/** Why one target did not publish, in the terms the target row stores and people read. */
export type TargetFailure = {
  kind: MetaErrorKind
  code?: number
  subcode?: number
  message: string
  /** Meta's own message, shown beside `message`; absent when Meta sent none (or Duopost decided). */
  metaMessage?: string
  action: MetaErrorAction
  retryable: boolean
  retryAfter?: Date
  /** Meta may have published it: the target becomes `unconfirmed`, and nothing retries it by itself. */
  unconfirmed?: true
}

/** An expected failure decided by Duopost itself rather than by an error answer from Meta. */
export class PublishStepError extends Error {
  override name = 'PublishStepError'
  constructor(readonly failure: TargetFailure) {
    super(failure.message)
  }
}

/**
 * The failure to record when a send's outcome is still unknown (`reconcileFrom` is set): whatever
 * stopped this run, Meta may have posted, so the target is unconfirmed and the words say that the
 * next run searches first. A connection problem still needs the reconnect.
 */
function afterUnsettledSend(failure: TargetFailure, platform: Platform): TargetFailure {
  if (failure.unconfirmed) return failure
  const where = platform === 'threads' ? 'the Threads profile' : 'the Page'
  const lead = `Duopost sent this post, but could not find out whether ${PLATFORM_NAME[platform]} published it.`
  const promise = `Before sending anything again Duopost looks on ${where}, so it is never posted twice.`
  if (failure.kind === 'reconnect') return { ...failure, message: `${lead} ${failure.message} ${promise}`, unconfirmed: true }
  return { ...failure, message: `${lead} ${promise}`, unconfirmed: true }
}

export function failureFrom(
  error: unknown,
  options: { sendUnsettled?: boolean; platform?: Platform } = {},
  now = Date.now(),
): TargetFailure {
  const failure = failureOf(error, now)
  return options.sendUnsettled ? afterUnsettledSend(failure, options.platform ?? 'facebook') : failure
}

function failureOf(error: unknown, now: number): TargetFailure {
  if (error instanceof PublishStepError) return error.failure
  if (error instanceof ReconnectNeededError) {
    return { kind: 'reconnect', message: error.message, action: 'reconnect', retryable: false }
  }
  if (error instanceof MetaApiError) {
    const { failure } = error
    const retryable = failure.kind === 'transient' || failure.kind === 'rate_limited'
    return {
      kind: failure.kind,
      code: failure.code,
      subcode: failure.subcode,
      message: failure.userMessage,
      metaMessage: failure.metaMessage,
      action: failure.action,
      retryable,
      retryAfter: failure.retryAfterSeconds === undefined ? undefined : new Date(now + failure.retryAfterSeconds * 1000),
    }
  }
  return {
    kind: 'transient',
    message: 'Duopost hit an unexpected problem before this target was published. Nothing was posted here; try again.',
    action: 'retry',
    retryable: true,
  }
}

/** The columns of PublishTarget that hold a failure (all cleared on success or retry). */
export function failureColumns(failure: TargetFailure | null) {
  return {
    errorKind: failure?.kind ?? null,
    errorCode: failure?.code ?? null,
    errorSubcode: failure?.subcode ?? null,
    errorMessage: failure?.message ?? null,
    errorMetaMessage: failure?.metaMessage ?? null,
    errorAction: failure?.action ?? null,
    retryable: failure?.retryable ?? false,
    retryAfter: failure?.retryAfter ?? null,
  }
}
