import { InvalidInputError } from '#app/.server/errors.ts'
import { PostNotFoundError } from '#app/.server/publishing/publish-post.ts'
import { cancelPost, PostAlreadyStartedError, reschedulePost } from '#app/.server/publishing/schedule.ts'
import { builder } from '../builder.ts'
import { ErrorInterface } from '../errors.ts'
import { inputOrLooseArguments } from '../mutation-input.ts'
import { PostRef } from './post.ts'

builder.objectType(PostAlreadyStartedError, {
  name: 'PostAlreadyStartedError',
  description: 'The post is no longer waiting for its time: it has started publishing or was cancelled.',
  interfaces: [ErrorInterface],
})

const CancelPostInput = builder.inputType('CancelPostInput', {
  description: 'Input of cancelPost.',
  fields: (t) => ({ postId: t.id({ required: true, description: 'Post.id of a scheduled post.' }) }),
})

builder.mutationField('cancelPost', (t) =>
  t.withAuth({ $all: { signedIn: true, scope: 'publish' } }).field({
    type: PostRef,
    description: 'Cancels a scheduled post that has not started; nothing of it is ever published.',
    errors: { types: [PostNotFoundError, PostAlreadyStartedError, InvalidInputError] },
    args: {
      input: t.arg({ type: CancelPostInput, required: false, description: 'Which post.' }),
      postId: t.arg.id({ required: false, description: 'Post.id', deprecationReason: 'Use input.postId.' }),
    },
    resolve: (_root, { input, ...loose }, context) => {
      const { postId } = inputOrLooseArguments(input, loose, ['postId'])
      return cancelPost(context.viewer.id, String(postId))
    },
  }),
)

const ReschedulePostInput = builder.inputType('ReschedulePostInput', {
  description: 'Input of reschedulePost.',
  fields: (t) => ({
    postId: t.id({ required: true, description: 'Post.id of a scheduled post.' }),
    scheduledAt: t.field({ type: 'DateTime', required: true, description: 'The new time, at least a minute ahead.' }),
  }),
})

builder.mutationField('reschedulePost', (t) =>
  t.withAuth({ $all: { signedIn: true, scope: 'publish' } }).field({
    type: PostRef,
    description: 'Moves a scheduled post that has not started to another time.',
    errors: { types: [PostNotFoundError, PostAlreadyStartedError, InvalidInputError] },
    args: {
      input: t.arg({ type: ReschedulePostInput, required: false, description: 'Which post, and when.' }),
      postId: t.arg.id({ required: false, description: 'Post.id', deprecationReason: 'Use input.postId.' }),
      scheduledAt: t.arg({ type: 'DateTime', required: false, description: 'The new time', deprecationReason: 'Use input.scheduledAt.' }),
    },
    resolve: (_root, { input, ...loose }, context) => {
      const { postId, scheduledAt } = inputOrLooseArguments(input, loose, ['postId', 'scheduledAt'])
      return reschedulePost(context.viewer.id, String(postId), scheduledAt)
    },
  }),
)
