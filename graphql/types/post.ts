import { queryFromInfo } from '@pothos/plugin-prisma'
import { resolveCursorConnection, type ResolveCursorConnectionArgs } from '@pothos/plugin-relay'
import { createGraphQLError } from 'graphql-yoga'
import { prisma } from '#app/.server/db.ts'
import { InvalidInputError } from '#app/.server/errors.ts'
import { postStatus } from '#app/.server/publishing/post-status.ts'
import { TARGET_ORDER } from '#app/.server/publishing/target-states.ts'
import {
  findPost,
  IdempotencyConflictError,
  PostNotFoundError,
  publishPost,
  retryPublishTargets,
} from '#app/.server/publishing/publish-post.ts'
import { cancelPost, PostAlreadyStartedError, reschedulePost } from '#app/.server/publishing/schedule.ts'
import { retryableNow, type RetryFacts } from '#app/.server/publishing/target-retry.ts'
import type { Post, PublishTarget } from '#prisma/generated/client/client.ts'
import { builder } from '../builder.ts'
import { ErrorInterface } from '../errors.ts'

const Platform = builder.enumType('Platform', {
  values: { THREADS: { value: 'threads' }, FACEBOOK: { value: 'facebook' } } as const,
})

const TargetStatus = builder.enumType('TargetStatus', {
  description:
    'Where one target is: QUEUED → CREATING → WAITING_FOR_MEDIA → PUBLISHING → PUBLISHED, or FAILED, or UNCONFIRMED (Meta may have published it; check before retrying).',
  values: {
    QUEUED: { value: 'queued' },
    CREATING: { value: 'creating' },
    WAITING_FOR_MEDIA: { value: 'waiting_for_media' },
    PUBLISHING: { value: 'publishing' },
    PUBLISHED: { value: 'published' },
    FAILED: { value: 'failed' },
    UNCONFIRMED: { value: 'unconfirmed' },
  } as const,
})

const PostStatus = builder.enumType('PostStatus', {
  description: "Derived from the post's targets: PARTIAL means some published and some did not.",
  values: {
    SCHEDULED: { value: 'scheduled' },
    CANCELLED: { value: 'cancelled' },
    PUBLISHING: { value: 'publishing' },
    PUBLISHED: { value: 'published' },
    PARTIAL: { value: 'partial' },
    FAILED: { value: 'failed' },
    UNCONFIRMED: { value: 'unconfirmed' },
  } as const,
})

const ErrorKind = builder.enumType('PublishErrorKind', {
  values: {
    TRANSIENT: { value: 'transient' },
    RATE_LIMITED: { value: 'rate_limited' },
    RECONNECT: { value: 'reconnect' },
    PERMANENT: { value: 'permanent' },
  } as const,
})

const ErrorAction = builder.enumType('PublishErrorAction', {
  description:
    'What the person can do: RETRY, WAIT then retry, RECONNECT the account, FIX_ACCOUNT at Meta, EDIT the post, or CONTACT_SUPPORT.',
  values: {
    RETRY: { value: 'retry' },
    WAIT: { value: 'wait' },
    RECONNECT: { value: 'reconnect' },
    FIX_ACCOUNT: { value: 'fix_account' },
    EDIT: { value: 'edit' },
    CONTACT_SUPPORT: { value: 'contact_support' },
  } as const,
})

type TargetErrorShape = Pick<PublishTarget, 'errorKind' | 'errorCode' | 'errorSubcode' | 'errorMessage' | 'errorAction' | 'retryAfter'> &
  RetryFacts

const TargetError = builder.objectRef<TargetErrorShape>('PublishError').implement({
  description: 'Why a target did not publish.',
  fields: (t) => ({
    kind: t.field({ type: ErrorKind, resolve: (e) => e.errorKind as 'transient' }),
    message: t.string({ description: 'What happened, in plain words.', resolve: (e) => e.errorMessage ?? '' }),
    action: t.field({ type: ErrorAction, resolve: (e) => (e.errorAction ?? 'retry') as 'retry' }),
    retryable: t.boolean({
      description:
        'Whether retryPublishTargets can help now. A target that failed because of its connection becomes retryable once the connection is ACTIVE again.',
      resolve: (e) => retryableNow(e),
    }),
    retryAfter: t.field({ type: 'DateTime', nullable: true, resolve: (e) => e.retryAfter }),
    metaCode: t.int({ nullable: true, description: "Meta's error code, for support.", resolve: (e) => e.errorCode }),
    metaSubcode: t.int({ nullable: true, resolve: (e) => e.errorSubcode }),
  }),
})

builder.prismaObject('PublishTarget', {
  description: 'One Threads profile or Facebook Page a post goes to, with its own outcome.',
  fields: (t) => ({
    id: t.exposeID('id'),
    platform: t.field({ type: Platform, resolve: (target) => target.platform as 'threads' }),
    accountName: t.exposeString('accountName', { description: '@username on Threads, or the Page name.' }),
    pageId: t.string({ nullable: true, resolve: (target) => (target.platform === 'facebook' ? target.platformAccountId : null) }),
    status: t.field({ type: TargetStatus, resolve: (target) => target.status }),
    postId: t.string({ nullable: true, description: "Meta's id of the published post.", resolve: (target) => target.platformPostId }),
    permalink: t.string({ nullable: true, resolve: (target) => target.permalink }),
    attempts: t.exposeInt('attempts'),
    error: t.field({
      type: TargetError,
      nullable: true,
      select: { account: { select: { status: true } } },
      description: 'Why the last attempt failed; on a QUEUED target, why it is being retried.',
      resolve: (target) => (target.errorKind ? target : null),
    }),
    nextAttemptAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When a target waiting to be retried will be tried again.',
      resolve: (target) => (target.status === 'queued' ? target.retryAfter : null),
    }),
    publishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (target) => target.publishedAt }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
})

// Threads first, then Pages by name. `status` selects the targets with the same order so that
// Pothos can merge its selection with the `targets` relation's: with different arguments it
// would load every post's targets a second time.

const PostRef = builder.prismaObject('Post', {
  description: 'One submission, published to each of its targets.',
  fields: (t) => ({
    id: t.exposeID('id'),
    text: t.exposeString('text'),
    imageUrl: t.string({ nullable: true, resolve: (post) => post.imageUrl }),
    link: t.string({ nullable: true, resolve: (post) => post.link }),
    idempotencyKey: t.string({ nullable: true, resolve: (post) => post.idempotencyKey }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    scheduledAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When a scheduled post goes out (UTC).',
      resolve: (post) => post.scheduledAt,
    }),
    cancelledAt: t.field({ type: 'DateTime', nullable: true, resolve: (post) => post.cancelledAt }),
    status: t.field({
      type: PostStatus,
      select: { scheduledAt: true, cancelledAt: true, targets: { select: { status: true }, orderBy: [...TARGET_ORDER] } },
      resolve: (post) => postStatus(post, post.targets),
    }),
    targets: t.relation('targets', { query: { orderBy: [...TARGET_ORDER] } }),
  }),
})

builder.queryField('post', (t) =>
  t.prismaField({
    type: 'Post',
    nullable: true,
    description: 'One of your posts, or null when no post of yours has this id.',
    authScopes: { $all: { signedIn: true, scope: 'read' } },
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, { id }, context) => prisma.post.findFirst({ ...query, where: { id: String(id), userId: context.viewer!.id } }),
  }),
)

type Cursor = { createdAt: Date; id: string }
const encodeCursor = (post: Cursor) => Buffer.from(`${post.createdAt.toISOString()}|${post.id}`).toString('base64url')
/**
 * A connection field has no union to carry an InvalidInputError as data, so a bad cursor is a
 * GraphQL error with the same shape in its extensions (never masked as "Unexpected error.").
 */
function decodeCursor(cursor: string, field: 'after' | 'before'): Cursor {
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|')
  const date = new Date(createdAt ?? '')
  if (!id || Number.isNaN(date.getTime())) {
    const issues = [
      { field, message: 'This cursor is not one Duopost gave out: pass pageInfo.endCursor (or startCursor) from a previous page.' },
    ]
    throw createGraphQLError(issues[0]!.message, { extensions: { code: 'BAD_USER_INPUT', type: 'InvalidInputError', issues } })
  }
  return { createdAt: date, id }
}

// Newest first; the cursor holds (createdAt, id) so posts made in the same millisecond still page correctly.
function pageWhere({ after, before }: ResolveCursorConnectionArgs) {
  const older = (c: Cursor) => ({ OR: [{ createdAt: { lt: c.createdAt } }, { createdAt: c.createdAt, id: { lt: c.id } }] })
  const newer = (c: Cursor) => ({ OR: [{ createdAt: { gt: c.createdAt } }, { createdAt: c.createdAt, id: { gt: c.id } }] })
  return { AND: [...(after ? [older(decodeCursor(after, 'after'))] : []), ...(before ? [newer(decodeCursor(before, 'before'))] : [])] }
}

builder.queryField('posts', (t) =>
  t.connection({
    type: PostRef,
    description: 'Your posts, newest first, with each target’s outcome.',
    authScopes: { $all: { signedIn: true, scope: 'read' } },
    resolve: (_root, args, context, info) =>
      resolveCursorConnection<Promise<Post[]>>({ args, toCursor: encodeCursor, defaultSize: 20, maxSize: 100 }, (page) => {
        const direction = page.inverted ? 'asc' : 'desc'
        // Loading exactly what the query selects lets Pothos use it instead of fetching each
        // post's targets again.
        return prisma.post.findMany({
          ...queryFromInfo({ context, info, path: ['edges', 'node'] }),
          where: { userId: context.viewer!.id, ...pageWhere(page) },
          orderBy: [{ createdAt: direction }, { id: direction }],
          take: page.limit,
        })
      }),
  }),
)

builder.objectType(IdempotencyConflictError, { name: 'IdempotencyConflictError', interfaces: [ErrorInterface] })
builder.objectType(PostNotFoundError, { name: 'PostNotFoundError', interfaces: [ErrorInterface] })
builder.objectType(PostAlreadyStartedError, { name: 'PostAlreadyStartedError', interfaces: [ErrorInterface] })

type PostWithTargets = NonNullable<Awaited<ReturnType<typeof findPost>>>
type ResultShape = PostWithTargets['targets'][number]

const PublishResult = builder.objectRef<ResultShape>('PublishResult').implement({
  description: "One target's outcome, in the original design's shape.",
  fields: (t) => ({
    targetId: t.exposeID('id'),
    platform: t.field({ type: Platform, resolve: (r) => r.platform as 'threads' }),
    success: t.boolean({ resolve: (r) => r.status === 'published' }),
    status: t.field({ type: TargetStatus, resolve: (r) => r.status }),
    postId: t.string({ nullable: true, resolve: (r) => r.platformPostId }),
    permalink: t.string({ nullable: true, resolve: (r) => r.permalink }),
    pageName: t.string({ nullable: true, resolve: (r) => (r.platform === 'facebook' ? r.accountName : null) }),
    error: t.string({ nullable: true, description: 'Why it failed, in plain words.', resolve: (r) => r.errorMessage }),
    action: t.field({ type: ErrorAction, nullable: true, resolve: (r) => (r.errorAction as 'retry' | null) ?? null }),
  }),
})

const PublishPostResult = builder.objectRef<PostWithTargets>('PublishPostResult').implement({
  fields: (t) => ({
    success: t.boolean({
      description: 'Every target published.',
      resolve: (post) => post.targets.every((target) => target.status === 'published'),
    }),
    partial: t.boolean({
      description: 'Some targets published and some did not.',
      resolve: (post) => postStatus(post, post.targets) === 'partial',
    }),
    results: t.field({ type: [PublishResult], resolve: (post) => post.targets }),
    post: t.field({ type: PostRef, resolve: (post) => post }),
  }),
})

const PublishContentInput = builder.inputType('PublishContentInput', {
  fields: (t) => ({
    text: t.string({ required: false, description: 'Up to 500 characters as Threads counts them when Threads is a target.' }),
    imageUrl: t.string({ required: false, description: 'A public https address of a JPEG or PNG.' }),
    link: t.string({ required: false }),
  }),
})

const PublishPostInput = builder.inputType('PublishPostInput', {
  fields: (t) => ({
    platforms: t.field({ type: [Platform], required: true }),
    content: t.field({ type: PublishContentInput, required: true }),
    facebookPageIds: t.stringList({ required: false, description: 'Facebook ids of your connected Pages (FacebookPage.pageId).' }),
    idempotencyKey: t.string({ required: false, description: 'Send the same key when repeating a request: the post is made once.' }),
    scheduledAt: t.field({
      type: 'DateTime',
      required: false,
      description: 'Publish at this time (at least a minute ahead) instead of now.',
    }),
    allOrNothing: t.boolean({
      required: false,
      description:
        'By default a chosen Page or profile that cannot publish now (it needs a reconnect, say) is returned as a FAILED target with its action while the others publish. True refuses the whole request instead, publishing nothing.',
    }),
  }),
})

builder.mutationField('publishPost', (t) =>
  t.field({
    type: PublishPostResult,
    description: 'Publishes one post to Threads and/or Facebook Pages at once; each target reports its own outcome.',
    authScopes: { $all: { signedIn: true, scope: 'publish' } },
    errors: { types: [InvalidInputError, IdempotencyConflictError] },
    args: { input: t.arg({ type: PublishPostInput, required: true }) },
    resolve: (_root, { input }, context) =>
      publishPost(context.viewer!.id, {
        platforms: input.platforms,
        content: { text: input.content.text ?? '', imageUrl: input.content.imageUrl, link: input.content.link },
        facebookPageIds: input.facebookPageIds,
        idempotencyKey: input.idempotencyKey,
        scheduledAt: input.scheduledAt,
        allOrNothing: input.allOrNothing,
      }),
  }),
)

builder.mutationField('retryPublishTargets', (t) =>
  t.field({
    type: PublishPostResult,
    description: 'Publishes again the targets of a post that failed in a retryable way (all of them, or those listed).',
    authScopes: { $all: { signedIn: true, scope: 'publish' } },
    errors: { types: [PostNotFoundError, InvalidInputError] },
    args: { postId: t.arg.id({ required: true }), targetIds: t.arg.idList({ required: false }) },
    resolve: (_root, { postId, targetIds }, context) =>
      retryPublishTargets(context.viewer!.id, String(postId), targetIds?.map(String) ?? null),
  }),
)

builder.mutationField('cancelPost', (t) =>
  t.field({
    type: PostRef,
    description: 'Cancels a scheduled post that has not started; nothing of it is ever published.',
    authScopes: { $all: { signedIn: true, scope: 'publish' } },
    errors: { types: [PostNotFoundError, PostAlreadyStartedError] },
    args: { postId: t.arg.id({ required: true }) },
    resolve: (_root, { postId }, context) => cancelPost(context.viewer!.id, String(postId)),
  }),
)

builder.mutationField('reschedulePost', (t) =>
  t.field({
    type: PostRef,
    description: 'Moves a scheduled post that has not started to another time.',
    authScopes: { $all: { signedIn: true, scope: 'publish' } },
    errors: { types: [PostNotFoundError, PostAlreadyStartedError, InvalidInputError] },
    args: { postId: t.arg.id({ required: true }), scheduledAt: t.arg({ type: 'DateTime', required: true }) },
    resolve: (_root, { postId, scheduledAt }, context) => reschedulePost(context.viewer!.id, String(postId), scheduledAt),
  }),
)
