import { InvalidInputError } from '#app/.server/errors.ts'
import { postStatus } from '#app/.server/publishing/post-status.ts'
import {
  DEFAULT_WAIT_MS,
  findPost,
  IdempotencyConflictError,
  PostNotFoundError,
  publishPost,
  retryPublishTargets,
} from '#app/.server/publishing/publish-post.ts'
import { builder } from '../builder.ts'
import { ErrorInterface } from '../errors.ts'
import { inputOrLooseArguments } from '../mutation-input.ts'
import { PostRef } from './post.ts'
import { ErrorAction } from './publish-error.ts'
import { Platform, TargetStatus } from './publish-target.ts'

builder.objectType(IdempotencyConflictError, {
  name: 'IdempotencyConflictError',
  description: 'This idempotencyKey was already used for a different post: use a new key for a new post.',
  interfaces: [ErrorInterface],
})

/** `waitForResults: false` answers without waiting for any target. */
export function waitOption(waitForResults: boolean | null | undefined) {
  return waitForResults === false ? { waitMs: 0 } : {}
}

type PostWithTargets = NonNullable<Awaited<ReturnType<typeof findPost>>>
type ResultShape = PostWithTargets['targets'][number]

const SEE_TARGETS = 'Use post.targets, which carries the same outcome and more.'

const PublishResult = builder.objectRef<ResultShape>('PublishResult').implement({
  description: "One target's outcome, in the original design's shape. Superseded by PublishTarget (post.targets).",
  fields: (t) => ({
    targetId: t.exposeID('id', { description: 'PublishTarget.id' }),
    platform: t.field({ type: Platform, description: 'PublishTarget.platform', resolve: (r) => r.platform as 'threads' }),
    success: t.boolean({ description: 'Whether it published.', resolve: (r) => r.status === 'published' }),
    status: t.field({ type: TargetStatus, description: 'PublishTarget.status', resolve: (r) => r.status }),
    postId: t.string({ nullable: true, description: "Meta's id of the published post.", resolve: (r) => r.platformPostId }),
    permalink: t.string({ nullable: true, description: 'The public address of the published post.', resolve: (r) => r.permalink }),
    pageName: t.string({
      nullable: true,
      description: 'The Page name; null for Threads.',
      resolve: (r) => (r.platform === 'facebook' ? r.accountName : null),
    }),
    error: t.string({ nullable: true, description: 'Why it failed, in plain words.', resolve: (r) => r.errorMessage }),
    action: t.field({
      type: ErrorAction,
      nullable: true,
      description: 'What to do about a failure.',
      resolve: (r) => (r.errorAction as 'retry' | null) ?? null,
    }),
  }),
})

export const PublishPostResult = builder.objectRef<PostWithTargets>('PublishPostResult').implement({
  description: 'The post as recorded, with each target as far as it got before the answer was sent.',
  fields: (t) => ({
    success: t.boolean({
      description: 'Every target published.',
      deprecationReason: 'Use post.status: PUBLISHED when every target published.',
      resolve: (post) => post.targets.every((target) => target.status === 'published'),
    }),
    partial: t.boolean({
      description: 'Some targets published and some did not.',
      deprecationReason: 'Use post.status: PARTIAL when some targets published and some did not.',
      resolve: (post) => postStatus(post, post.targets) === 'partial',
    }),
    results: t.field({
      type: [PublishResult],
      description: "Each target's outcome.",
      deprecationReason: SEE_TARGETS,
      resolve: (post) => post.targets,
    }),
    post: t.field({ type: PostRef, description: 'The post, with status and targets.', resolve: (post) => post }),
  }),
})

const PageTextInput = builder.inputType('PageTextInput', {
  description: "One Page's own text.",
  fields: (t) => ({
    pageId: t.string({ required: true, description: 'FacebookPage.pageId of a Page in facebookPageIds.' }),
    text: t.string({ required: false, description: 'What this Page publishes instead of text or facebookText; empty: no own text.' }),
  }),
})

export const PublishContentInput = builder.inputType('PublishContentInput', {
  description: 'What the post says; at least text or an image.',
  fields: (t) => ({
    text: t.string({ required: false, description: 'Up to 500 characters as Threads counts them when Threads is a target.' }),
    imageUrl: t.string({
      required: false,
      description: 'A public https address of a JPEG or PNG, sent as one remote image.',
      deprecationReason: 'Use PublishPostInput.media: upload the image (uploadMedia or createMediaFromUrl) and send its id.',
    }),
    link: t.string({
      required: false,
      description:
        'A public http(s) address to attach: a link card on a post without media; with a photo or video, Duopost adds it at the end of the text (and counts it).',
    }),
    threadsText: t.string({
      required: false,
      description: 'What Threads publishes instead of text (up to 500 characters as Threads counts them); empty: text.',
    }),
    facebookText: t.string({
      required: false,
      description: 'What every Page publishes instead of text, unless it has its own in pageTexts; empty: text.',
    }),
    pageTexts: t.field({
      type: [PageTextInput],
      required: false,
      description: "Pages' own texts, ahead of facebookText and text. Each target's text is on PublishTarget.text.",
    }),
  }),
})

/** PublishContentInput as publishing reads it (publishPost and editScheduledPost). */
export function contentOf(content: typeof PublishContentInput.$inferInput) {
  return {
    text: content.text ?? '',
    imageUrl: content.imageUrl,
    link: content.link,
    threadsText: content.threadsText,
    facebookText: content.facebookText,
    pageTexts: content.pageTexts,
  }
}

export const PostMediaInput = builder.inputType('PostMediaInput', {
  description: 'One media item of a post.',
  fields: (t) => ({
    mediaId: t.id({ required: true, description: 'Media.id from uploadMedia or createMediaFromUrl.' }),
    altText: t.string({ required: false, description: 'Alt text for screen readers, up to 1,000 characters.' }),
  }),
})

/** PostMediaInput items as publishing reads them; null or absent stays absent. */
export function mediaOf(media: readonly { mediaId: string | number; altText?: string | null }[] | null | undefined) {
  return media?.map((item) => ({ mediaId: String(item.mediaId), altText: item.altText ?? null }))
}

const PublishPostInput = builder.inputType('PublishPostInput', {
  description: 'Input of publishPost.',
  fields: (t) => ({
    platforms: t.field({ type: [Platform], required: true, description: 'Where to publish: Threads, Facebook, or both.' }),
    content: t.field({ type: PublishContentInput, required: true, description: 'What to publish.' }),
    media: t.field({
      type: [PostMediaInput],
      required: false,
      description:
        'Up to 20 images and videos, in order: one is a photo or video post; several are a Threads carousel and a Facebook multi-photo post.',
    }),
    facebookPageIds: t.stringList({ required: false, description: 'Facebook ids of your connected Pages (FacebookPage.pageId).' }),
    idempotencyKey: t.string({ required: false, description: 'Send the same key when repeating a request: the post is made once.' }),
    scheduledAt: t.field({
      type: 'DateTime',
      required: false,
      description: 'Publish at this time (at least a minute ahead) instead of now.',
    }),
    waitForResults: t.boolean({
      required: false,
      description: `By default a post for now answers once its targets settle or after ${DEFAULT_WAIT_MS / 1000} s, whichever comes first. False answers as soon as the post is recorded and queued; follow it with postUpdated.`,
    }),
    allOrNothing: t.boolean({
      required: false,
      description:
        'By default a chosen Page or profile that cannot publish now (it needs a reconnect, say) is returned as a FAILED target with its action while the others publish. True refuses the whole request instead, publishing nothing.',
    }),
  }),
})

builder.mutationField('publishPost', (t) =>
  t.withAuth({ $all: { signedIn: true, scope: 'publish' } }).field({
    type: PublishPostResult,
    description: 'Publishes one post to Threads and/or Facebook Pages at once; each target reports its own outcome.',
    errors: { types: [InvalidInputError, IdempotencyConflictError] },
    args: { input: t.arg({ type: PublishPostInput, required: true, description: 'The post and where it goes.' }) },
    resolve: (_root, { input }, context) =>
      publishPost(
        context.viewer.id,
        {
          platforms: input.platforms,
          content: contentOf(input.content),
          facebookPageIds: input.facebookPageIds,
          idempotencyKey: input.idempotencyKey,
          scheduledAt: input.scheduledAt,
          allOrNothing: input.allOrNothing,
          media: mediaOf(input.media),
        },
        waitOption(input.waitForResults),
      ),
  }),
)

const RetryPublishTargetsInput = builder.inputType('RetryPublishTargetsInput', {
  description: 'Input of retryPublishTargets.',
  fields: (t) => ({
    postId: t.id({ required: true, description: 'Post.id' }),
    targetIds: t.idList({ required: false, description: 'PublishTarget ids of that post; omit to retry every target a retry can help.' }),
    waitForResults: t.boolean({
      required: false,
      description: 'False answers as soon as the targets are queued again, instead of waiting for their outcome.',
    }),
  }),
})

builder.mutationField('retryPublishTargets', (t) =>
  t.withAuth({ $all: { signedIn: true, scope: 'publish' } }).field({
    type: PublishPostResult,
    description: 'Publishes again the targets of a post that failed in a retryable way (all of them, or those listed).',
    errors: { types: [PostNotFoundError, InvalidInputError] },
    args: {
      input: t.arg({ type: RetryPublishTargetsInput, required: false, description: 'Which post, and which of its targets.' }),
      postId: t.arg.id({ required: false, description: 'Post.id', deprecationReason: 'Use input.postId.' }),
      targetIds: t.arg.idList({ required: false, description: 'PublishTarget ids', deprecationReason: 'Use input.targetIds.' }),
    },
    resolve: (_root, { input, ...loose }, context) => {
      const { postId, targetIds } = inputOrLooseArguments(input, loose, ['postId'])
      return retryPublishTargets(context.viewer.id, String(postId), targetIds?.map(String) ?? null, waitOption(input?.waitForResults))
    },
  }),
)
