import { randomBytes } from 'node:crypto'
import { prisma } from '../db.ts'
import { getEnv } from '../env.ts'
import { withdrawJobs } from '../jobs/publish-queue.ts'
import { logEvent } from '../log.ts'
import { consumeRateLimit } from '../auth/rate-limit.ts'
import {
  InvalidSignedRequestError,
  MAX_AGE_SECONDS,
  MAX_FUTURE_SKEW_SECONDS,
  verifySignedRequest,
  type SignedRequestPayload,
} from '../platforms/signed-request.ts'
import { failureColumns } from '../publishing/target-failure.ts'
import { IN_FLIGHT } from '../publishing/target-states.ts'
import type { Platform } from './platform.ts'
import { PLATFORM_NAME } from '../platforms/platform-name.ts'

export class CallbackNotConfiguredError extends Error {
  override name = 'CallbackNotConfiguredError'
}

function appSecret(platform: Platform): string {
  const env = getEnv()
  const secret = platform === 'threads' ? env.THREADS_APP_SECRET : env.FACEBOOK_APP_SECRET
  if (!secret) throw new CallbackNotConfiguredError(`No ${platform} app secret is configured, so Meta's callback cannot be verified.`)
  return secret
}

/**
 * Verifies the signed request and accepts each one once: its signature is remembered for as long
 * as it could still pass the freshness check, in the rate-limit buckets (one use per window, shared
 * by every web process on PostgreSQL), so a captured request cannot be replayed.
 */
async function verifyOnce(platform: Platform, signedRequest: unknown): Promise<SignedRequestPayload> {
  const payload = verifySignedRequest(signedRequest, appSecret(platform))
  const signature = String(signedRequest).split('.')[0]!
  const windowMs = (MAX_AGE_SECONDS + MAX_FUTURE_SKEW_SECONDS) * 1000
  const first = await consumeRateLimit(`meta-signed-request:${signature}`, { limit: 1, windowMs })
  if (!first.allowed) throw new InvalidSignedRequestError('signed_request was already received once; a replay is refused')
  return payload
}

async function accountsOf(platform: Platform, metaUserId: string) {
  return prisma.account.findMany({ where: { platform: platform, metaUserId }, select: { id: true } })
}

/** Targets of these accounts that have not run yet will not: the person took Duopost's access away. */
async function stopTargets(accountIds: string[], message: string): Promise<void> {
  const targets = await prisma.publishTarget.findMany({
    where: { accountId: { in: accountIds }, status: { in: [...IN_FLIGHT] } },
    select: { id: true, jobId: true },
  })
  await prisma.publishTarget.updateMany({
    where: { id: { in: targets.map((t) => t.id) } },
    data: { status: 'failed', ...failureColumns({ kind: 'reconnect', message, action: 'reconnect', retryable: false }) },
  })
  await withdrawJobs(targets.map((t) => t.jobId))
}

/**
 * The person removed Duopost at Meta (Facebook's deauthorize callback, Threads' uninstall one):
 * their connections are marked REVOKED and nothing more is published with them.
 */
export async function handleDeauthorize(platform: Platform, signedRequest: unknown): Promise<{ revoked: number }> {
  const { user_id } = await verifyOnce(platform, signedRequest)
  const accounts = await accountsOf(platform, user_id)
  const ids = accounts.map((a) => a.id)
  const message = `You removed Duopost in your ${PLATFORM_NAME[platform]} settings. Connect again to publish here.`
  await prisma.account.updateMany({
    where: { id: { in: ids } },
    data: { status: 'REVOKED', canPublish: false, lastError: message, lastErrorAt: new Date() },
  })
  await stopTargets(ids, message)
  logEvent('info', 'meta.deauthorized', { platform, accounts: ids.length })
  return { revoked: ids.length }
}

/**
 * Meta asks Duopost to delete what it holds for a person: their connections (with the tokens) go,
 * and the Meta ids of their published posts are cleared. Answers the status URL and code Meta
 * shows the person.
 */
export async function handleDataDeletion(platform: Platform, signedRequest: unknown): Promise<{ url: string; confirmation_code: string }> {
  const { user_id } = await verifyOnce(platform, signedRequest)
  const ids = (await accountsOf(platform, user_id)).map((a) => a.id)
  await stopTargets(ids, 'Meta asked Duopost to delete your data for this account, so this post was not published.')
  await prisma.publishTarget.updateMany({
    where: { accountId: { in: ids } },
    data: { containerId: null, platformPostId: null, permalink: null },
  })
  await prisma.account.deleteMany({ where: { id: { in: ids } } })
  const confirmationCode = randomBytes(12).toString('hex')
  await prisma.dataDeletionRequest.create({
    data: {
      confirmationCode,
      platform,
      metaUserId: user_id,
      status: 'completed',
      deletedAccounts: ids.length,
      completedAt: new Date(),
    },
  })
  logEvent('info', 'meta.data_deleted', { platform, accounts: ids.length })
  return { url: `${getEnv().APP_URL}/data-deletion/${confirmationCode}`, confirmation_code: confirmationCode }
}
