import { InvalidInputError } from '#app/.server/errors.ts'
import { PostNotFoundError } from '#app/.server/publishing/publish-post.ts'
import { editScheduledPost, PostAlreadyStartedError } from '#app/.server/publishing/schedule.ts'
import { builder } from '../builder.ts'
import { PostRef } from './post.ts'
import { Platform } from './publish-target.ts'
import { contentOf, mediaOf, PostMediaInput, PublishContentInput } from './publishing.ts'

const EditScheduledPostInput = builder.inputType('EditScheduledPostInput', {
  description: 'Input of editScheduledPost: the whole post as it should now be, as publishPost takes it.',
  fields: (t) => ({
    postId: t.id({ required: true, description: 'Post.id of a scheduled post that has not started.' }),
    platforms: t.field({ type: [Platform], required: true, description: 'Where to publish: Threads, Facebook, or both.' }),
    content: t.field({ type: PublishContentInput, required: true, description: 'What to publish.' }),
    facebookPageIds: t.stringList({ required: false, description: 'Facebook ids of your connected Pages (FacebookPage.pageId).' }),
    media: t.field({
      type: [PostMediaInput],
      required: false,
      description: 'Its images and videos, in order, replacing those it has; leave out to keep them as they are.',
    }),
    scheduledAt: t.field({ type: 'DateTime', required: true, description: 'When to publish (at least a minute ahead).' }),
    allOrNothing: t.boolean({
      required: false,
      description: 'As in publishPost: refuse the whole change when a destination cannot publish.',
    }),
  }),
})

builder.mutationField('editScheduledPost', (t) =>
  t.withAuth({ $all: { signedIn: true, scope: 'publish' } }).field({
    type: PostRef,
    description:
      'Changes the content, targets and time of a scheduled post until it starts, under the same lock the worker takes to start it. Checked as a new post would be.',
    errors: { types: [PostNotFoundError, PostAlreadyStartedError, InvalidInputError] },
    args: { input: t.arg({ type: EditScheduledPostInput, required: true, description: 'The post as it should now be.' }) },
    resolve: (_root, { input }, context) =>
      editScheduledPost(context.viewer.id, String(input.postId), {
        platforms: input.platforms,
        content: contentOf(input.content),
        facebookPageIds: input.facebookPageIds,
        media: mediaOf(input.media),
        scheduledAt: input.scheduledAt,
        allOrNothing: input.allOrNothing,
      }),
  }),
)
