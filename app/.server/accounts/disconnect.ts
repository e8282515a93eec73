import { prisma } from '../db.ts'
import { errorFields, logEvent } from '../log.ts'
import { MetaApiError } from '../platforms/meta-error.ts'
import { facebookClientFromEnv, type FacebookClient } from '../platforms/facebook/client.ts'
import { readToken } from './account-store.ts'
import type { Platform } from './platform.ts'

export class ConnectionNotFoundError extends Error {
  override name = 'ConnectionNotFoundError'
  constructor() {
    super('No connection with that id exists on your account.')
  }
}

export type RevocationOutcome = 'REVOKED' | 'KEPT_FOR_OTHER_PAGES' | 'NOT_SUPPORTED' | 'FAILED'

export type DisconnectResult = {
  removedAccountIds: string[]
  revocation: RevocationOutcome
  /** What happened at Meta, in words for the person. */
  revocationMessage: string
}

const THREADS_REVOCATION_MESSAGE =
  'Threads offers apps no way to give up access. To remove Duopost there too, open Threads → Settings → Account → Website permissions.'

async function revokeFacebook(
  account: { id: string; accessToken: string | null },
  client: () => FacebookClient,
): Promise<Pick<DisconnectResult, 'revocation' | 'revocationMessage'>> {
  try {
    const userToken = readToken(account, 'accessToken')
    if (userToken) await client().revokePermissions(userToken)
    return { revocation: 'REVOKED', revocationMessage: "Duopost's permissions at Facebook were removed too." }
  } catch (error) {
    logEvent('warn', 'disconnect.revoke_failed', errorFields(error))
    const why = error instanceof MetaApiError ? ` (${error.userMessage})` : ''
    return {
      revocation: 'FAILED',
      revocationMessage: `Removed from Duopost, but Facebook could not be told${why}. You can remove Duopost under Facebook → Settings → Business integrations.`,
    }
  }
}

/**
 * Removes one of the viewer's connections, or all of a platform's when `accountId` is omitted, and
 * then, best effort, gives up the app's permission at Meta. An id that is not the viewer's is
 * "not found", exactly like one that does not exist.
 */
export async function disconnect(
  input: { userId: string; platform: Platform; accountId?: string | null },
  facebookClient: () => FacebookClient = () => facebookClientFromEnv(),
): Promise<DisconnectResult> {
  const platform = input.platform
  const accounts = await prisma.account.findMany({
    where: { userId: input.userId, platform, ...(input.accountId ? { id: input.accountId } : {}) },
    select: { id: true, accessToken: true },
  })
  if (accounts.length === 0 && input.accountId) throw new ConnectionNotFoundError()
  const removedAccountIds = accounts.map((account) => account.id)
  await prisma.account.deleteMany({ where: { userId: input.userId, id: { in: removedAccountIds } } })
  if (input.platform === 'threads') {
    return { removedAccountIds, revocation: 'NOT_SUPPORTED', revocationMessage: THREADS_REVOCATION_MESSAGE }
  }
  // Facebook's permission covers every Page the person granted, so it is given up only with the last one.
  const remaining = await prisma.account.count({ where: { userId: input.userId, platform } })
  if (remaining > 0 || accounts.length === 0) {
    return {
      removedAccountIds,
      revocation: 'KEPT_FOR_OTHER_PAGES',
      revocationMessage: 'Duopost keeps its Facebook permission for your other connected Pages.',
    }
  }
  return { removedAccountIds, ...(await revokeFacebook(accounts[0]!, facebookClient)) }
}
