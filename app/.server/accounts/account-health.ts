import { prisma } from '../db.ts'
import { logEvent } from '../log.ts'

/** Publishing to this account needs the person to connect it again; `message` says why. */
export class ReconnectNeededError extends Error {
  override name = 'ReconnectNeededError'
  constructor(
    readonly accountId: string,
    message: string,
  ) {
    super(message)
  }
}

/** Records that Meta no longer accepts this account's token, so the dashboard shows it at once. */
export async function markNeedsReconnect(accountId: string, reason: string): Promise<void> {
  const now = new Date()
  await prisma.account.updateMany({
    where: { id: accountId, status: { not: 'REVOKED' } },
    data: { status: 'NEEDS_RECONNECT', lastError: reason, lastErrorAt: now, checkedAt: now },
  })
  logEvent('warn', 'account.needs_reconnect', { accountId })
}
