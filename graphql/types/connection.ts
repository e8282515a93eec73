import type { ConnectedAccount, ConnectionWarning } from '#app/.server/accounts/connections.ts'
import { listConnections } from '#app/.server/accounts/connections.ts'
import { ConnectionNotFoundError, disconnect, type DisconnectResult } from '#app/.server/accounts/disconnect.ts'
import { isPlatformConfigured, PlatformNotConfiguredError, startConnectFlow } from '#app/.server/accounts/oauth-flow.ts'
import type { Platform as PlatformName } from '#app/.server/accounts/platform.ts'
import { InvalidInputError } from '#app/.server/errors.ts'
import { builder } from '../builder.ts'

const Provider = builder.enumType('Provider', {
  values: { THREADS: { value: 'threads' }, FACEBOOK: { value: 'facebook' } } as const,
})

const ConnectionStatus = builder.enumType('ConnectionStatus', {
  description:
    'ACTIVE: publishing works. EXPIRING_SOON: access ends within 7 days. NEEDS_RECONNECT: connect again. REVOKED: removed at Meta.',
  values: ['ACTIVE', 'EXPIRING_SOON', 'NEEDS_RECONNECT', 'REVOKED'] as const,
})

const ThreadsAccount = builder.objectRef<ConnectedAccount>('ThreadsAccount').implement({
  description: 'The connected Threads profile. Its access token never leaves the server.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Duopost id of this connection (use it with disconnect).' }),
    threadsUserId: t.exposeString('platformAccountId'),
    username: t.string({ nullable: true, resolve: (c) => c.username }),
    name: t.string({ nullable: true, resolve: (c) => c.displayName }),
    pictureUrl: t.string({ nullable: true, resolve: (c) => c.pictureUrl }),
    expiresAt: t.field({ type: 'DateTime', nullable: true, resolve: (c) => c.expiresAt }),
    status: t.field({ type: ConnectionStatus, resolve: (c) => c.status }),
    canPublish: t.exposeBoolean('canPublish'),
    lastError: t.string({ nullable: true, description: 'The last problem, in plain words.', resolve: (c) => c.lastError }),
    connectedAt: t.field({ type: 'DateTime', resolve: (c) => c.createdAt }),
  }),
})

const FacebookPage = builder.objectRef<ConnectedAccount>('FacebookPage').implement({
  description: 'A connected Facebook Page. Its tokens never leave the server.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Duopost id of this connection (use it with disconnect).' }),
    pageId: t.exposeString('platformAccountId', { description: "Facebook's id of the Page (use it with publishPost)." }),
    name: t.string({ resolve: (c) => c.displayName ?? c.platformAccountId }),
    pictureUrl: t.string({ nullable: true, resolve: (c) => c.pictureUrl }),
    canPublish: t.exposeBoolean('canPublish'),
    publishBlockedReason: t.string({
      nullable: true,
      description: 'Why publishing is not possible, and what to do.',
      resolve: (c) => c.publishBlockedReason,
    }),
    expiresAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Null when Meta says the access does not expire.',
      resolve: (c) => c.expiresAt,
    }),
    status: t.field({ type: ConnectionStatus, resolve: (c) => c.status }),
    lastError: t.string({ nullable: true, resolve: (c) => c.lastError }),
    connectedAt: t.field({ type: 'DateTime', resolve: (c) => c.createdAt }),
  }),
})

const ConnectionWarningRef = builder.objectRef<ConnectionWarning>('ConnectionWarning').implement({
  description: 'Something the person should act on before a post fails.',
  fields: (t) => ({
    accountId: t.exposeID('accountId'),
    provider: t.field({ type: Provider, resolve: (w) => w.platform }),
    status: t.field({ type: ConnectionStatus, resolve: (w) => w.status }),
    message: t.exposeString('message'),
  }),
})

type ConnectionsShape = Awaited<ReturnType<typeof listConnections>>

const Connections = builder.objectRef<ConnectionsShape>('Connections').implement({
  fields: (t) => ({
    threads: t.field({
      type: ThreadsAccount,
      nullable: true,
      description: 'Null when no Threads profile is connected.',
      resolve: (c) => c.threads,
    }),
    facebookPages: t.field({ type: [FacebookPage], resolve: (c) => c.facebookPages }),
    warnings: t.field({ type: [ConnectionWarningRef], resolve: (c) => c.warnings }),
    threadsAvailable: t.boolean({
      description: 'Whether this server can connect Threads at all.',
      resolve: () => isPlatformConfigured('threads'),
    }),
    facebookAvailable: t.boolean({
      description: 'Whether this server can connect Facebook at all.',
      resolve: () => isPlatformConfigured('facebook'),
    }),
  }),
})

builder.queryField('connections', (t) =>
  t.field({
    type: Connections,
    description: "The viewer's Threads profile and Facebook Pages, with what needs attention.",
    authScopes: { $all: { signedIn: true, scope: 'read' } },
    resolve: (_root, _args, context) => listConnections(context.viewer!.id),
  }),
)

const ConnectInput = builder.inputType('ConnectInput', {
  fields: (t) => ({
    returnTo: t.string({ required: false, description: 'A path on this site to come back to afterwards; /dashboard by default.' }),
  }),
})

const ConnectionStart = builder.objectRef<{ authorizationUrl: string }>('ConnectionStart').implement({
  description: "Send the person's browser to authorizationUrl; Meta sends them back to Duopost, which finishes the connection.",
  fields: (t) => ({ authorizationUrl: t.exposeString('authorizationUrl') }),
})

function connectField(provider: PlatformName) {
  return builder.mutationField(provider === 'threads' ? 'connectThreads' : 'connectFacebook', (t) =>
    t.field({
      type: ConnectionStart,
      description: `Starts connecting ${provider === 'threads' ? 'a Threads profile' : 'Facebook Pages'}. The link works once, for 10 minutes, and only for the signed-in person who finishes it in their browser.`,
      authScopes: { $all: { signedIn: true, scope: 'connections' } },
      errors: { types: [InvalidInputError, PlatformNotConfiguredError] },
      args: { input: t.arg({ type: ConnectInput, required: false }) },
      resolve: async (_root, { input }, context) => ({
        authorizationUrl: await startConnectFlow({ userId: context.viewer!.id, platform: provider, returnTo: input?.returnTo }),
      }),
    }),
  )
}
connectField('threads')
connectField('facebook')

const RevocationOutcome = builder.enumType('RevocationOutcome', {
  values: ['REVOKED', 'KEPT_FOR_OTHER_PAGES', 'NOT_SUPPORTED', 'FAILED'] as const,
})

const DisconnectResultRef = builder.objectRef<DisconnectResult>('DisconnectResult').implement({
  fields: (t) => ({
    removedAccountIds: t.exposeIDList('removedAccountIds'),
    revocation: t.field({ type: RevocationOutcome, resolve: (r) => r.revocation }),
    revocationMessage: t.exposeString('revocationMessage'),
  }),
})

const DisconnectInput = builder.inputType('DisconnectInput', {
  fields: (t) => ({
    provider: t.field({ type: Provider, required: true }),
    accountId: t.id({ required: false, description: 'One connection; omit it to remove every connection of the provider.' }),
  }),
})

builder.mutationField('disconnect', (t) =>
  t.field({
    type: DisconnectResultRef,
    description: 'Removes a connection (tokens included) and, where Meta allows, gives up the permission at Meta too.',
    authScopes: { $all: { signedIn: true, scope: 'connections' } },
    errors: { types: [ConnectionNotFoundError] },
    args: { input: t.arg({ type: DisconnectInput, required: true }) },
    resolve: (_root, { input }, context) =>
      disconnect({ userId: context.viewer!.id, platform: input.provider, accountId: input.accountId?.toString() }),
  }),
)
