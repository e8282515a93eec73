import type { ConnectedAccount as AccountShape, ConnectionWarning } from '#app/.server/accounts/connections.ts'
import { listConnections } from '#app/.server/accounts/connections.ts'
import { ConnectionNotFoundError, disconnect, type DisconnectResult } from '#app/.server/accounts/disconnect.ts'
import { isPlatformConfigured, PlatformNotConfiguredError, startConnectFlow } from '#app/.server/accounts/oauth-flow.ts'
import type { Platform as PlatformName } from '#app/.server/accounts/platform.ts'
import { InvalidInputError } from '#app/.server/errors.ts'
import { builder } from '../builder.ts'
import { Platform } from './publish-target.ts'

const Provider = builder.enumType('Provider', {
  description: 'Which Meta product a connection is with.',
  values: {
    THREADS: { value: 'threads', description: 'A Threads profile.' },
    FACEBOOK: { value: 'facebook', description: 'Facebook Pages (through the person who manages them).' },
  } as const,
})

const ConnectionStatus = builder.enumType('ConnectionStatus', {
  description: 'Whether Duopost can still act for a connected account.',
  values: {
    ACTIVE: { description: 'Publishing works.' },
    EXPIRING_SOON: { description: 'Access ends within 7 days: connect again before it does.' },
    NEEDS_RECONNECT: { description: 'Access has ended or stopped working: connect again.' },
    REVOKED: { description: 'The permission was removed at Meta.' },
  } as const,
})

// Threads profiles and Facebook Pages are both accounts Duopost publishes to; a client that
// lists them, shows their health or disconnects them needs only these fields.
const ConnectedAccount = builder.interfaceRef<AccountShape>('ConnectedAccount').implement({
  description: 'A Threads profile or Facebook Page connected to Duopost. Its tokens never leave the server.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Duopost id of this connection (use it with disconnect).' }),
    pictureUrl: t.string({ nullable: true, description: 'Its picture at Meta.', resolve: (c) => c.pictureUrl }),
    expiresAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When Duopost’s access ends; null when Meta says it does not expire.',
      resolve: (c) => c.expiresAt,
    }),
    status: t.field({ type: ConnectionStatus, description: 'Whether Duopost can still act for it.', resolve: (c) => c.status }),
    canPublish: t.exposeBoolean('canPublish', { description: 'Whether a post can go here now.' }),
    publishBlockedReason: t.string({
      nullable: true,
      description: 'Why publishing is not possible, and what to do.',
      resolve: (c) => c.publishBlockedReason,
    }),
    lastError: t.string({ nullable: true, description: 'The last problem, in plain words.', resolve: (c) => c.lastError }),
    connectedAt: t.field({ type: 'DateTime', description: 'When it was connected.', resolve: (c) => c.createdAt }),
  }),
})

const ThreadsAccount = builder.objectRef<AccountShape>('ThreadsAccount').implement({
  description: 'The connected Threads profile. Its access token never leaves the server.',
  interfaces: [ConnectedAccount],
  fields: (t) => ({
    threadsUserId: t.exposeString('platformAccountId', { description: "Threads' id of the profile." }),
    username: t.string({ nullable: true, description: 'The @username, without the @.', resolve: (c) => c.username }),
    name: t.string({ nullable: true, description: 'The display name.', resolve: (c) => c.displayName }),
  }),
})

const FacebookPage = builder.objectRef<AccountShape>('FacebookPage').implement({
  description: 'A connected Facebook Page. Its tokens never leave the server.',
  interfaces: [ConnectedAccount],
  fields: (t) => ({
    pageId: t.exposeString('platformAccountId', { description: "Facebook's id of the Page (use it with publishPost)." }),
    name: t.string({ description: 'The Page name.', resolve: (c) => c.displayName ?? c.platformAccountId }),
  }),
})

const ConnectionWarningRef = builder.objectRef<ConnectionWarning>('ConnectionWarning').implement({
  description: 'Something the person should act on before a post fails.',
  fields: (t) => ({
    accountId: t.exposeID('accountId', { description: 'ConnectedAccount.id of the account concerned.' }),
    platform: t.field({ type: Platform, description: 'Threads or Facebook.', resolve: (w) => w.platform }),
    provider: t.field({
      type: Provider,
      description: 'Threads or Facebook.',
      deprecationReason: 'Use platform.',
      resolve: (w) => w.platform,
    }),
    status: t.field({ type: ConnectionStatus, description: 'The account’s status.', resolve: (w) => w.status }),
    message: t.exposeString('message', { description: 'What is wrong and what to do, in plain words.' }),
  }),
})

type ConnectionsShape = Awaited<ReturnType<typeof listConnections>>

const Connections = builder.objectRef<ConnectionsShape>('Connections').implement({
  description: 'The accounts Duopost publishes to for you, and what this server can connect.',
  fields: (t) => ({
    threads: t.field({
      type: ThreadsAccount,
      nullable: true,
      description: 'Null when no Threads profile is connected.',
      resolve: (c) => c.threads,
    }),
    facebookPages: t.field({ type: [FacebookPage], description: 'Your connected Facebook Pages.', resolve: (c) => c.facebookPages }),
    warnings: t.field({
      type: [ConnectionWarningRef],
      description: 'What needs attention before a post fails.',
      resolve: (c) => c.warnings,
    }),
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
  t.withAuth({ $all: { signedIn: true, scope: 'read' } }).field({
    type: Connections,
    description: "The viewer's Threads profile and Facebook Pages, with what needs attention.",
    resolve: (_root, _args, context) => listConnections(context.viewer.id),
  }),
)

const ConnectInput = builder.inputType('ConnectInput', {
  description: 'Input of connectThreads and connectFacebook.',
  fields: (t) => ({
    returnTo: t.string({ required: false, description: 'A path on this site to come back to afterwards; /dashboard by default.' }),
  }),
})

const ConnectionStart = builder.objectRef<{ authorizationUrl: string }>('ConnectionStart').implement({
  description: "Send the person's browser to authorizationUrl; Meta sends them back to Duopost, which finishes the connection.",
  fields: (t) => ({
    authorizationUrl: t.exposeString('authorizationUrl', { description: "Meta's consent page; works once, for 10 minutes." }),
  }),
})

function connectField(provider: PlatformName) {
  return builder.mutationField(provider === 'threads' ? 'connectThreads' : 'connectFacebook', (t) =>
    t.withAuth({ $all: { signedIn: true, scope: 'connections' } }).field({
      type: ConnectionStart,
      description: `Starts connecting ${provider === 'threads' ? 'a Threads profile' : 'Facebook Pages'}. The link works once, for 10 minutes, and only for the signed-in person who finishes it in their browser.`,
      errors: { types: [InvalidInputError, PlatformNotConfiguredError] },
      args: { input: t.arg({ type: ConnectInput, required: false, description: 'Where to land afterwards.' }) },
      resolve: async (_root, { input }, context) => ({
        authorizationUrl: await startConnectFlow({ userId: context.viewer.id, platform: provider, returnTo: input?.returnTo }),
      }),
    }),
  )
}
connectField('threads')
connectField('facebook')

const RevocationOutcome = builder.enumType('RevocationOutcome', {
  description: "What became of Duopost's permission at Meta when a connection was removed.",
  values: {
    REVOKED: { description: 'Meta removed it too.' },
    KEPT_FOR_OTHER_PAGES: { description: 'Kept, because other connected Pages still need it.' },
    NOT_SUPPORTED: { description: 'Meta offers no way to give it up (Threads); revocationMessage says where to remove Duopost by hand.' },
    FAILED: { description: 'Meta could not be told; revocationMessage says where to remove Duopost by hand.' },
  } as const,
})

const DisconnectResultRef = builder.objectRef<DisconnectResult>('DisconnectResult').implement({
  description: 'What disconnect removed.',
  fields: (t) => ({
    removedAccountIds: t.exposeIDList('removedAccountIds', { description: 'ConnectedAccount ids removed from Duopost.' }),
    revocation: t.field({ type: RevocationOutcome, description: 'What happened at Meta.', resolve: (r) => r.revocation }),
    revocationMessage: t.exposeString('revocationMessage', { description: 'The same, in plain words.' }),
  }),
})

const DisconnectInput = builder.inputType('DisconnectInput', {
  description: 'Input of disconnect.',
  fields: (t) => ({
    platform: t.field({ type: Platform, required: false, description: 'Threads or Facebook (or the deprecated provider).' }),
    provider: t.field({ type: Provider, required: false, description: 'Threads or Facebook.', deprecationReason: 'Use platform.' }),
    accountId: t.id({ required: false, description: 'One connection; omit it to remove every connection of the platform.' }),
  }),
})

builder.mutationField('disconnect', (t) =>
  t.withAuth({ $all: { signedIn: true, scope: 'connections' } }).field({
    type: DisconnectResultRef,
    description: 'Removes a connection (tokens included) and, where Meta allows, gives up the permission at Meta too.',
    errors: { types: [ConnectionNotFoundError, InvalidInputError] },
    args: { input: t.arg({ type: DisconnectInput, required: true, description: 'What to remove.' }) },
    resolve: (_root, { input }, context) => {
      const platform = input.platform ?? input.provider
      if (!platform) throw new InvalidInputError([{ field: 'platform', message: 'Say which platform to disconnect: THREADS or FACEBOOK.' }])
      return disconnect({ userId: context.viewer.id, platform, accountId: input.accountId?.toString() })
    },
  }),
)
