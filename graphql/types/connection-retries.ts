import { InvalidInputError } from '#app/.server/errors.ts'
import { connectionFailures, retryConnectionFailures } from '#app/.server/publishing/publish-post.ts'
import type { Platform as PlatformName } from '#prisma/generated/client/client.ts'
import { builder } from '../builder.ts'
import { Platform } from './publish-target.ts'

type ConnectionFailures = { accountId: string; platform: PlatformName; accountName: string; targetCount: number; postCount: number }

const ConnectionFailuresRef = builder.objectRef<ConnectionFailures>('ConnectionFailures').implement({
  description: 'Targets that failed because a connection needed a reconnect, now that it works again: a retry can publish them.',
  fields: (t) => ({
    accountId: t.exposeID('accountId', { description: 'ThreadsAccount.id or FacebookPage.id of the connection.' }),
    platform: t.field({ type: Platform, description: 'Threads or Facebook.', resolve: (f) => f.platform }),
    accountName: t.exposeString('accountName', { description: '@username on Threads, or the Page name.' }),
    targetCount: t.exposeInt('targetCount', { description: 'How many targets retryConnectionFailures would publish again.' }),
    postCount: t.exposeInt('postCount', { description: 'How many posts they belong to.' }),
  }),
})

function grouped(targets: Awaited<ReturnType<typeof connectionFailures>>): ConnectionFailures[] {
  const byAccount = new Map<string, ConnectionFailures & { posts: Set<string> }>()
  for (const target of targets) {
    if (!target.accountId) continue
    const entry = byAccount.get(target.accountId) ?? {
      accountId: target.accountId,
      platform: target.platform,
      accountName: target.accountName,
      targetCount: 0,
      postCount: 0,
      posts: new Set<string>(),
    }
    entry.targetCount += 1
    entry.posts.add(target.postId)
    entry.postCount = entry.posts.size
    byAccount.set(target.accountId, entry)
  }
  return [...byAccount.values()].map(({ posts: _posts, ...entry }) => entry)
}

builder.queryField('connectionFailures', (t) =>
  t.withAuth({ $all: { signedIn: true, scope: 'read' } }).field({
    type: [ConnectionFailuresRef],
    description: 'For each reconnected connection, the targets that failed because it needed the reconnect (empty when none).',
    resolve: async (_root, _args, context) => grouped(await connectionFailures(context.viewer.id)),
  }),
)

const RetryConnectionFailuresInput = builder.inputType('RetryConnectionFailuresInput', {
  description: 'Input of retryConnectionFailures.',
  fields: (t) => ({ accountId: t.id({ required: true, description: 'ConnectionFailures.accountId' }) }),
})

const RetriedTargets = builder.objectRef<{ targetCount: number }>('RetriedTargets').implement({
  description: 'What retryConnectionFailures queued.',
  fields: (t) => ({ targetCount: t.exposeInt('targetCount', { description: 'How many targets are publishing again.' }) }),
})

builder.mutationField('retryConnectionFailures', (t) =>
  t.withAuth({ $all: { signedIn: true, scope: 'publish' } }).field({
    type: RetriedTargets,
    description: 'Publishes again every target that failed because this connection needed a reconnect. Answers at once.',
    errors: { types: [InvalidInputError] },
    args: { input: t.arg({ type: RetryConnectionFailuresInput, required: true, description: 'Which connection.' }) },
    resolve: async (_root, { input }, context) => {
      const targetCount = await retryConnectionFailures(context.viewer.id, String(input.accountId))
      if (targetCount === 0)
        throw new InvalidInputError([
          {
            field: 'accountId',
            message: 'Nothing to retry for this connection: its failed targets were retried already, or it still needs a reconnect.',
          },
        ])
      return { targetCount }
    },
  }),
)
