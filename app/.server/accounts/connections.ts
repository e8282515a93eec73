import type { Account } from '#prisma/generated/client/client.ts'
import { prisma } from '../db.ts'
import type { Platform } from './platform.ts'

export const EXPIRY_WARNING_MS = 7 * 24 * 60 * 60 * 1000

export type ConnectionStatus = 'ACTIVE' | 'EXPIRING_SOON' | 'NEEDS_RECONNECT' | 'REVOKED'

/** Every column a person may see about a connection: tokens are not among them. */
const VISIBLE = {
  id: true,
  platform: true,
  platformAccountId: true,
  username: true,
  displayName: true,
  pictureUrl: true,
  tokenExpiresAt: true,
  canPublish: true,
  publishBlockedReason: true,
  status: true,
  lastError: true,
  lastErrorAt: true,
  createdAt: true,
} as const satisfies Partial<Record<keyof Account, true>>

type VisibleAccount = Pick<Account, keyof typeof VISIBLE>

export type ConnectedAccount = Omit<VisibleAccount, 'status' | 'tokenExpiresAt'> & {
  status: ConnectionStatus
  expiresAt: Date | null
}

export type ConnectionWarning = {
  accountId: string
  platform: Platform
  status: ConnectionStatus
  message: string
}

export function connectionStatus(account: Pick<Account, 'status' | 'tokenExpiresAt'>, now = Date.now()): ConnectionStatus {
  if (account.status !== 'ACTIVE') return account.status
  if (account.tokenExpiresAt === null) return 'ACTIVE'
  const expiresAt = account.tokenExpiresAt.getTime()
  if (expiresAt <= now) return 'NEEDS_RECONNECT'
  return expiresAt - now <= EXPIRY_WARNING_MS ? 'EXPIRING_SOON' : 'ACTIVE'
}

export type PublishAbility = { canPublish: boolean; publishBlockedReason: string | null }

/**
 * Whether Duopost can publish to a connection, and if not why: derived from its status first (a
 * connection that needs reconnecting cannot publish, whatever its Page role says), then from the
 * Page role Meta reported. The one place `canPublish` and `publishBlockedReason` come from.
 */
export function publishAbility(
  account: Pick<Account, 'status' | 'tokenExpiresAt' | 'canPublish' | 'publishBlockedReason' | 'lastError'>,
  now = Date.now(),
): PublishAbility {
  const status = connectionStatus(account, now)
  if (status === 'NEEDS_RECONNECT' && account.status === 'ACTIVE')
    return { canPublish: false, publishBlockedReason: 'Duopost’s access has expired. Connect the account again.' }
  if (status === 'NEEDS_RECONNECT' || status === 'REVOKED')
    return { canPublish: false, publishBlockedReason: account.lastError ?? 'Duopost can no longer publish here. Connect it again.' }
  if (!account.canPublish)
    return { canPublish: false, publishBlockedReason: account.publishBlockedReason ?? 'Meta does not let you publish here.' }
  return { canPublish: true, publishBlockedReason: null }
}

function toConnectedAccount(row: VisibleAccount, now: number): ConnectedAccount {
  const { tokenExpiresAt, status, ...account } = row
  return {
    ...account,
    ...publishAbility(row, now),
    status: connectionStatus({ status, tokenExpiresAt }, now),
    expiresAt: tokenExpiresAt,
  }
}

function label(connection: ConnectedAccount): string {
  return connection.platform === 'threads'
    ? `Threads (@${connection.username ?? connection.platformAccountId})`
    : `the Facebook Page “${connection.displayName ?? connection.platformAccountId}”`
}

function warningFor(connection: ConnectedAccount, platform: Platform): ConnectionWarning | null {
  const base = { accountId: connection.id, platform, status: connection.status }
  switch (connection.status) {
    case 'EXPIRING_SOON': {
      // Duopost renews a Threads token by itself within the week (accounts/token-health.ts, fresh-token.ts); the person is
      // asked to act only once a renewal failed (lastError), or Meta refused it (NEEDS_RECONNECT).
      if (platform === 'threads') return connection.lastError ? { ...base, message: connection.lastError } : null
      // Facebook has no way for an app to renew a user's access without them (meta-api.md §2.5).
      const when = connection.expiresAt!.toISOString().slice(0, 10)
      return {
        ...base,
        message: `Duopost's access to ${label(connection)} ends on ${when}, and Facebook lets only you renew it. Reconnect before then to keep publishing.`,
      }
    }
    case 'NEEDS_RECONNECT':
      return { ...base, message: connection.lastError ?? `Duopost can no longer publish to ${label(connection)}. Reconnect it.` }
    case 'REVOKED':
      return { ...base, message: `Duopost was removed from ${label(connection)} at Meta. Connect it again to publish there.` }
    case 'ACTIVE':
      return connection.canPublish
        ? null
        : { ...base, message: connection.publishBlockedReason ?? `Duopost cannot publish to ${label(connection)}.` }
  }
}

export type Connections = { threads: ConnectedAccount | null; facebookPages: ConnectedAccount[]; warnings: ConnectionWarning[] }

/** The viewer's connections and what the dashboard should warn about; scoped to `userId` only. */
export async function listConnections(userId: string, now = Date.now()): Promise<Connections> {
  const rows = await prisma.account.findMany({
    where: { userId, platform: { in: ['threads', 'facebook'] } },
    select: VISIBLE,
    orderBy: [{ displayName: 'asc' }, { createdAt: 'asc' }],
  })
  const connections = rows.map((row) => toConnectedAccount(row, now))
  const threads = connections.find((c) => c.platform === 'threads') ?? null
  const facebookPages = connections.filter((c) => c.platform === 'facebook')
  const warnings = [
    ...(threads ? [warningFor(threads, 'threads')] : []),
    ...facebookPages.map((page) => warningFor(page, 'facebook')),
  ].filter((warning): warning is ConnectionWarning => warning !== null)
  return { threads, facebookPages, warnings }
}
