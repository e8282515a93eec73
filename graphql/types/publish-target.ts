import { targetText } from '#app/.server/publishing/post-content.ts'
import { awaitingRetry } from '#app/.server/publishing/target-retry.ts'
import { builder } from '../builder.ts'
import { PublishError } from './publish-error.ts'

export const Platform = builder.enumType('Platform', {
  description: 'Where a post goes.',
  values: {
    THREADS: { value: 'threads', description: 'The connected Threads profile.' },
    FACEBOOK: { value: 'facebook', description: 'Connected Facebook Pages.' },
  } as const,
})

export const TargetStatus = builder.enumType('TargetStatus', {
  description:
    'Where one target is: QUEUED → CREATING → WAITING_FOR_MEDIA → PUBLISHING → PUBLISHED, or FAILED, or UNCONFIRMED (Meta may have published it; check before retrying).',
  values: {
    QUEUED: { value: 'queued', description: 'Waiting for its turn, its scheduled time, or its automatic retry.' },
    CREATING: { value: 'creating', description: 'Duopost is sending the post to Meta.' },
    WAITING_FOR_MEDIA: {
      value: 'waiting_for_media',
      description: 'Meta is still processing the media (a video can take minutes) before it can publish.',
    },
    PUBLISHING: { value: 'publishing', description: 'Meta is publishing it.' },
    PUBLISHED: { value: 'published', description: 'Live on Threads or the Page; see permalink.' },
    FAILED: { value: 'failed', description: 'Did not publish; error says why and what to do.' },
    UNCONFIRMED: { value: 'unconfirmed', description: 'Meta may have published it; Duopost looks for it before sending anything again.' },
  } as const,
})

export const PublishTargetRef = builder.prismaObject('PublishTarget', {
  description: 'One Threads profile or Facebook Page a post goes to, with its own outcome.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Duopost id of this target (use it with retryPublishTargets).' }),
    platform: t.field({ type: Platform, description: 'Threads or Facebook.', resolve: (target) => target.platform }),
    accountName: t.exposeString('accountName', { description: '@username on Threads, or the Page name.' }),
    pageId: t.string({
      nullable: true,
      description: "Facebook's id of the Page; null for Threads.",
      resolve: (target) => (target.platform === 'facebook' ? target.platformAccountId : null),
    }),
    text: t.string({
      description:
        "The text this target publishes: its own when customised for its network or Page (customText), else the post's. With a photo or video, the link is added at its end.",
      select: { post: { select: { text: true } } },
      resolve: (target) => targetText(target, target.post),
    }),
    customText: t.boolean({
      description:
        "Whether this target publishes its own text instead of the post's (PublishContentInput.threadsText, facebookText, pageTexts).",
      resolve: (target) => target.text !== null,
    }),
    status: t.field({ type: TargetStatus, description: 'Where this target is.', resolve: (target) => target.status }),
    postId: t.string({ nullable: true, description: "Meta's id of the published post.", resolve: (target) => target.platformPostId }),
    permalink: t.string({
      nullable: true,
      description: 'The public address of the published post.',
      resolve: (target) => target.permalink,
    }),
    attempts: t.exposeInt('attempts', { description: 'How many times Duopost has tried, automatic retries included.' }),
    error: t.field({
      type: PublishError,
      nullable: true,
      select: { account: { select: { status: true } } },
      description: 'Why the last attempt failed; on a QUEUED target, why it is being retried.',
      resolve: (target) => (target.errorKind ? target : null),
    }),
    awaitingRetry: t.boolean({
      description: 'Failed for now and queued again: Duopost tries it once more by itself at nextAttemptAt.',
      resolve: (target) => awaitingRetry(target),
    }),
    nextAttemptAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When a target waiting to be retried will be tried again.',
      resolve: (target) => (target.status === 'queued' ? target.retryAfter : null),
    }),
    publishedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When Meta published it.',
      resolve: (target) => target.publishedAt,
    }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When anything about this target last changed.' }),
  }),
})
