import { prisma } from '#app/.server/db.ts'
import { postStatus } from '#app/.server/publishing/post-status.ts'
import { builder } from '../builder.ts'
import { readPostCursor } from '../post-cursors.ts'
import { PostFilterInput } from './post-filter.ts'
import { PostStatus } from './post-status.ts'
import { TARGET_ORDER } from '#app/.server/publishing/target-states.ts'
import { postWhere } from '#app/.server/publishing/post-filter.ts'

export const PostRef = builder.prismaObject('Post', {
  description: 'One submission, published to each of its targets.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Duopost id of the post.' }),
    text: t.exposeString('text', { description: 'The text, as sent to every target.' }),
    imageUrl: t.string({ nullable: true, description: 'The image sent with the post, if any.', resolve: (post) => post.imageUrl }),
    link: t.string({ nullable: true, description: 'The link sent with the post, if any.', resolve: (post) => post.link }),
    idempotencyKey: t.string({
      nullable: true,
      description: 'The key publishPost was called with, if any.',
      resolve: (post) => post.idempotencyKey,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When Duopost recorded the post.' }),
    scheduledAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When a scheduled post goes out (UTC).',
      resolve: (post) => post.scheduledAt,
    }),
    cancelledAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was cancelled.', resolve: (post) => post.cancelledAt }),
    status: t.field({
      type: PostStatus,
      description: 'Where the post is as a whole.',
      // The same order as the `targets` relation, so that Pothos merges the two selections instead of
      // loading every post's targets a second time.
      select: { scheduledAt: true, cancelledAt: true, targets: { select: { status: true }, orderBy: [...TARGET_ORDER] } },
      resolve: (post) => postStatus(post, post.targets),
    }),
    targets: t.relation('targets', {
      description: 'Each Threads profile and Page it goes to, Threads first, then Pages by name.',
      query: { orderBy: [...TARGET_ORDER] },
    }),
  }),
})

builder.queryField('post', (t) =>
  t.withAuth({ $all: { signedIn: true, scope: 'read' } }).prismaField({
    type: 'Post',
    nullable: true,
    description: 'One of your posts, or null when no post of yours has this id.',
    args: { id: t.arg.id({ required: true, description: 'Post.id' }) },
    resolve: (query, _root, { id }, context) => prisma.post.findFirst({ ...query, where: { id: String(id), userId: context.viewer.id } }),
  }),
)

builder.queryField('posts', (t) =>
  t.withAuth({ $all: { signedIn: true, scope: 'read' } }).prismaConnection(
    {
      type: 'Post',
      description: 'Your posts, newest first, with each target’s outcome.',
      // Newest first; the id breaks ties between posts made in the same millisecond.
      cursor: 'id',
      defaultSize: 20,
      maxSize: 100,
      extensions: { readCursor: readPostCursor },
      args: { filter: t.arg({ type: PostFilterInput, required: false, description: 'Only the posts that match.' }) },
      resolve: (query, _root, { filter }, context) =>
        prisma.post.findMany({
          ...query,
          where: postWhere(context.viewer.id, filter && { ...filter, statuses: filter.status }),
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        }),
    },
    { description: 'A page of your posts, newest first.' },
    { description: 'One of your posts, with the cursor that marks its place.' },
  ),
)
