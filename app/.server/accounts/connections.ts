import type { Account } from '#prisma/generated/client/client.ts'
import { prisma } from '../db.ts'
import { ACCOUNT_PROVIDER, type Provider } from './providers.ts'

export const EXPIRY_WARNING_MS = 7 * 24 * 60 * 60 * 1000

export type ConnectionStatus = 'ACTIVE' | 'EXPIRING_SOON' | 'NEEDS_RECONNECT' | 'REVOKED'

/** Every column a person may see about a connection: tokens are not among them. */
const VISIBLE = {
  id: true,
  provider: true,
  providerAccountId: true,
  username: true,
  displayName: true,
  pictureUrl: true,
  pageId: true,
  pageName: true,
  expires_at: true,
  canPublish: true,
  publishBlockedReason: true,
  status: true,
  lastError: true,
  lastErrorAt: true,
  createdAt: true,
} as const satisfies Partial<Record<keyof Account, true>>

type VisibleAccount = Pick<Account, keyof typeof VISIBLE>

export type Connection = Omit<VisibleAccount, 'status' | 'expires_at'> & {
  status: ConnectionStatus
  expiresAt: Date | null
}

export type ConnectionWarning = {
  accountId: string
  provider: Provider
  status: ConnectionStatus
  message: string
}

export function connectionStatus(account: Pick<Account, 'status' | 'expires_at'>, now = Date.now()): ConnectionStatus {
  if (account.status !== 'ACTIVE') return account.status
  if (account.expires_at === null) return 'ACTIVE'
  const expiresAt = account.expires_at * 1000
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
  account: Pick<Account, 'status' | 'expires_at' | 'canPublish' | 'publishBlockedReason' | 'lastError'>,
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

function toConnection(row: VisibleAccount, now: number): Connection {
  const { expires_at, status, ...account } = row
  return {
    ...account,
    ...publishAbility(row, now),
    status: connectionStatus({ status, expires_at }, now),
    expiresAt: expires_at === null ? null : new Date(expires_at * 1000),
  }
}

function label(connection: Connection): string {
  return connection.provider === ACCOUNT_PROVIDER.threads
    ? `Threads (@${connection.username ?? connection.providerAccountId})`
    : `the Facebook Page “${connection.pageName ?? connection.providerAccountId}”`
}

function warningFor(connection: Connection, provider: Provider): ConnectionWarning | null {
  const base = { accountId: connection.id, provider, status: connection.status }
  switch (connection.status) {
    case 'EXPIRING_SOON': {
      // Duopost renews a Threads token by itself within the week (accounts/token-health.ts); asking
      // for a reconnect is for when that fails, which marks the connection NEEDS_RECONNECT.
      if (provider === 'threads') return null
      const when = connection.expiresAt!.toISOString().slice(0, 10)
      return { ...base, message: `Duopost's access to ${label(connection)} ends on ${when}. Reconnect before then to keep publishing.` }
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

export type Connections = { threads: Connection | null; facebookPages: Connection[]; warnings: ConnectionWarning[] }

/** The viewer's connections and what the dashboard should warn about; scoped to `userId` only. */
export async function listConnections(userId: string, now = Date.now()): Promise<Connections> {
  const rows = await prisma.account.findMany({
    where: { userId, provider: { in: [ACCOUNT_PROVIDER.threads, ACCOUNT_PROVIDER.facebook] } },
    select: VISIBLE,
    orderBy: [{ pageName: 'asc' }, { createdAt: 'asc' }],
  })
  const connections = rows.map((row) => toConnection(row, now))
  const threads = connections.find((c) => c.provider === ACCOUNT_PROVIDER.threads) ?? null
  const facebookPages = connections.filter((c) => c.provider === ACCOUNT_PROVIDER.facebook)
  const warnings = [
    ...(threads ? [warningFor(threads, 'threads')] : []),
    ...facebookPages.map((page) => warningFor(page, 'facebook')),
  ].filter((warning): warning is ConnectionWarning => warning !== null)
  return { threads, facebookPages, warnings }
}
