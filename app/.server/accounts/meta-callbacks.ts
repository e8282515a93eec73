import { randomBytes } from 'node:crypto'
import { prisma } from '../db.ts'
import { getEnv } from '../env.ts'
import { consumeRateLimit } from '../auth/rate-limit.ts'
import {
  InvalidSignedRequestError,
  MAX_AGE_SECONDS,
  MAX_FUTURE_SKEW_SECONDS,
  verifySignedRequest,
  type SignedRequestPayload,
} from '../platforms/signed-request.ts'
import { ACCOUNT_PROVIDER, type Provider } from './providers.ts'

export class CallbackNotConfiguredError extends Error {
  override name = 'CallbackNotConfiguredError'
}

function appSecret(provider: Provider): string {
  const env = getEnv()
  const secret = provider === 'threads' ? env.THREADS_APP_SECRET : env.FACEBOOK_APP_SECRET
  if (!secret) throw new CallbackNotConfiguredError(`No ${provider} app secret is configured, so Meta's callback cannot be verified.`)
  return secret
}

/**
 * Verifies the signed request and accepts each one once: its signature is remembered for as long
 * as it could still pass the freshness check, in the rate-limit buckets (one use per window, shared
 * by every web process on PostgreSQL), so a captured request cannot be replayed.
 */
async function verifyOnce(provider: Provider, signedRequest: unknown): Promise<SignedRequestPayload> {
  const payload = verifySignedRequest(signedRequest, appSecret(provider))
  const signature = String(signedRequest).split('.')[0]!
  const windowMs = (MAX_AGE_SECONDS + MAX_FUTURE_SKEW_SECONDS) * 1000
  const first = await consumeRateLimit(`meta-signed-request:${signature}`, { limit: 1, windowMs })
  if (!first.allowed) throw new InvalidSignedRequestError('signed_request was already received once; a replay is refused')
  return payload
}

/** The person a verified callback is about, with their connections. */
export type MetaCallback = { provider: Provider; metaUserId: string; accountIds: string[] }

/** Verifies one of Meta's callbacks (each is accepted once) and finds the connections of the person it names. */
export async function receiveMetaCallback(provider: Provider, signedRequest: unknown): Promise<MetaCallback> {
  const { user_id } = await verifyOnce(provider, signedRequest)
  const accounts = await prisma.account.findMany({
    where: { provider: ACCOUNT_PROVIDER[provider], metaUserId: user_id },
    select: { id: true },
  })
  return { provider, metaUserId: user_id, accountIds: accounts.map((a) => a.id) }
}

/** The person removed Duopost at Meta: their connections are marked REVOKED, with the reason shown on them. */
export async function revokeAccounts(accountIds: string[], message: string): Promise<void> {
  await prisma.account.updateMany({
    where: { id: { in: accountIds } },
    data: { status: 'REVOKED', canPublish: false, lastError: message, lastErrorAt: new Date() },
  })
}

/**
 * Meta asked Duopost to delete what it holds for a person: their connections (with the tokens) go,
 * and the request is recorded. Answers the status URL and code Meta shows the person.
 */
export async function deleteAccounts(callback: MetaCallback): Promise<{ url: string; confirmation_code: string }> {
  await prisma.account.deleteMany({ where: { id: { in: callback.accountIds } } })
  const confirmationCode = randomBytes(12).toString('hex')
  await prisma.dataDeletionRequest.create({
    data: {
      confirmationCode,
      provider: callback.provider,
      providerUserId: callback.metaUserId,
      status: 'completed',
      deletedAccounts: callback.accountIds.length,
      completedAt: new Date(),
    },
  })
  return { url: `${getEnv().APP_URL}/data-deletion/${confirmationCode}`, confirmation_code: confirmationCode }
}

/** What the status page Meta links to shows about one data deletion request. */
export function findDataDeletionRequest(confirmationCode: string) {
  return prisma.dataDeletionRequest.findUnique({
    where: { confirmationCode },
    select: { confirmationCode: true, provider: true, status: true, createdAt: true, completedAt: true, deletedAccounts: true },
  })
}
