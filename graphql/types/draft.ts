import { prisma } from '#app/.server/db.ts'
import { InvalidInputError } from '#app/.server/errors.ts'
import {
  createDraft,
  deleteDraft,
  DraftNotFoundError,
  pageTextsOf,
  publishDraft,
  updateDraft,
  type DraftRequest,
} from '#app/.server/publishing/drafts.ts'
import { IdempotencyConflictError } from '#app/.server/publishing/publish-post.ts'
import { builder } from '../builder.ts'
import { ErrorInterface } from '../errors.ts'
import { Platform } from './publish-target.ts'
import { contentOf, mediaOf, PostMediaInput, PublishContentInput, PublishPostResult, waitOption } from './publishing.ts'

builder.objectType(DraftNotFoundError, {
  name: 'DraftNotFoundError',
  description: 'No draft of yours has that id: it never existed, was deleted, or belongs to someone else.',
  interfaces: [ErrorInterface],
})

builder.prismaObject('DraftMedia', {
  description: 'One media item of a draft, in order, with the alt text written for it.',
  fields: (t) => ({
    position: t.exposeInt('position', { description: 'Its place in the draft, from 0.' }),
    altText: t.string({ nullable: true, description: 'Alt text for screen readers.', resolve: (item) => item.altText }),
    media: t.relation('media', { description: 'The uploaded item.' }),
  }),
})

const DraftPageText = builder.objectRef<{ pageId: string; text: string | null }>('DraftPageText').implement({
  description: "A Page's own text in a draft.",
  fields: (t) => ({
    pageId: t.exposeString('pageId', { description: 'Facebook id of the Page (FacebookPage.pageId).' }),
    text: t.exposeString('text', { nullable: true, description: 'Its text; null or empty: the Facebook or main text.' }),
  }),
})

export const DraftRef = builder.prismaObject('Draft', {
  description:
    'A post saved without publishing: nothing of it is sent and nothing is checked beyond ownership until publishDraft, which makes it a post.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Duopost id of the draft.' }),
    text: t.exposeString('text', { description: 'The text so far (may be empty).' }),
    imageUrl: t.string({
      nullable: true,
      description: 'The remote image address, if one was given (the deprecated PublishContentInput.imageUrl).',
      resolve: (draft) => draft.imageUrl,
    }),
    link: t.string({ nullable: true, description: 'The link, if any.', resolve: (draft) => draft.link }),
    threadsText: t.string({
      nullable: true,
      description: "Threads' own text instead of text (PublishContentInput.threadsText); null: the main text.",
      resolve: (draft) => draft.threadsText,
    }),
    facebookText: t.string({
      nullable: true,
      description: "Every Page's own text instead of text, unless the Page has one in pageTexts.",
      resolve: (draft) => draft.facebookText,
    }),
    pageTexts: t.field({
      type: [DraftPageText],
      description: "One Page's own text each (PublishContentInput.pageTexts).",
      resolve: (draft) => pageTextsOf(draft),
    }),
    platforms: t.field({ type: [Platform], description: 'The places chosen so far (possibly none).', resolve: (draft) => draft.platforms }),
    facebookPageIds: t.stringList({
      description: 'Facebook ids of the chosen Pages (FacebookPage.pageId); a Page removed since is named when publishing.',
      resolve: (draft) => draft.facebookPageIds,
    }),
    scheduledAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When publishDraft schedules it for; null publishes it at once.',
      resolve: (draft) => draft.scheduledAt,
    }),
    media: t.relation('media', { description: 'Its images and videos, in order.', query: { orderBy: { position: 'asc' } } }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was first saved.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it was last saved.' }),
  }),
})

builder.queryField('draft', (t) =>
  t.withAuth({ $all: { signedIn: true, scope: 'read' } }).prismaField({
    type: 'Draft',
    nullable: true,
    description: 'One of your drafts, or null when no draft of yours has this id.',
    args: { id: t.arg.id({ required: true, description: 'Draft.id' }) },
    resolve: (query, _root, { id }, context) => prisma.draft.findFirst({ ...query, where: { id: String(id), userId: context.viewer.id } }),
  }),
)

builder.queryField('drafts', (t) =>
  t.withAuth({ $all: { signedIn: true, scope: 'read' } }).prismaConnection(
    {
      type: 'Draft',
      description: 'Your drafts, the most recently saved first.',
      cursor: 'id',
      defaultSize: 20,
      maxSize: 100,
      resolve: (query, _root, _args, context) =>
        prisma.draft.findMany({ ...query, where: { userId: context.viewer.id }, orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }] }),
    },
    { description: 'A page of your drafts, the most recently saved first.' },
    { description: 'One of your drafts, with the cursor that marks its place.' },
  ),
)

const DRAFT_FIELDS = {
  platforms: 'Where it is to go so far: Threads, Facebook, both, or none yet.',
  content: 'What it says so far; text may be empty.',
  media: 'Up to 20 images and videos, in order, each yours.',
  facebookPageIds: 'Facebook ids of your connected Pages (FacebookPage.pageId).',
  scheduledAt: 'When publishDraft is to schedule it; omit to publish it at once then. Checked when it is published.',
} as const

const CreateDraftInput = builder.inputType('CreateDraftInput', {
  description: 'Input of createDraft: the post as written so far. Only ownership is checked; publishing checks the rest.',
  fields: (t) => ({
    platforms: t.field({ type: [Platform], required: false, description: DRAFT_FIELDS.platforms }),
    content: t.field({ type: PublishContentInput, required: false, description: DRAFT_FIELDS.content }),
    media: t.field({ type: [PostMediaInput], required: false, description: DRAFT_FIELDS.media }),
    facebookPageIds: t.stringList({ required: false, description: DRAFT_FIELDS.facebookPageIds }),
    scheduledAt: t.field({ type: 'DateTime', required: false, description: DRAFT_FIELDS.scheduledAt }),
  }),
})

const UpdateDraftInput = builder.inputType('UpdateDraftInput', {
  description: 'Input of updateDraft: the whole draft as it should now be (fields left out become empty).',
  fields: (t) => ({
    draftId: t.id({ required: true, description: 'Draft.id' }),
    platforms: t.field({ type: [Platform], required: false, description: DRAFT_FIELDS.platforms }),
    content: t.field({ type: PublishContentInput, required: false, description: DRAFT_FIELDS.content }),
    media: t.field({ type: [PostMediaInput], required: false, description: DRAFT_FIELDS.media }),
    facebookPageIds: t.stringList({ required: false, description: DRAFT_FIELDS.facebookPageIds }),
    scheduledAt: t.field({ type: 'DateTime', required: false, description: DRAFT_FIELDS.scheduledAt }),
  }),
})

type DraftInputShape = {
  platforms?: readonly ('threads' | 'facebook')[] | null
  content?: typeof PublishContentInput.$inferInput | null
  media?: readonly { mediaId: string | number; altText?: string | null }[] | null
  facebookPageIds?: readonly string[] | null
  scheduledAt?: Date | null
}

function draftRequest(input: DraftInputShape): DraftRequest {
  return {
    platforms: input.platforms ? [...input.platforms] : [],
    content: input.content ? contentOf(input.content) : { text: '' },
    facebookPageIds: input.facebookPageIds ? [...input.facebookPageIds] : [],
    media: mediaOf(input.media),
    scheduledAt: input.scheduledAt,
  }
}

builder.mutationField('createDraft', (t) =>
  t.withAuth({ $all: { signedIn: true, scope: 'publish' } }).prismaField({
    type: 'Draft',
    description: 'Saves a post without publishing it.',
    errors: { types: [InvalidInputError] },
    args: { input: t.arg({ type: CreateDraftInput, required: true, description: 'The post as written so far.' }) },
    resolve: (_query, _root, { input }, context) => createDraft(context.viewer.id, draftRequest(input)),
  }),
)

builder.mutationField('updateDraft', (t) =>
  t.withAuth({ $all: { signedIn: true, scope: 'publish' } }).prismaField({
    type: 'Draft',
    description: 'Replaces what a draft of yours keeps with the input.',
    errors: { types: [DraftNotFoundError, InvalidInputError] },
    args: { input: t.arg({ type: UpdateDraftInput, required: true, description: 'The draft as it should now be.' }) },
    resolve: (_query, _root, { input }, context) => updateDraft(context.viewer.id, String(input.draftId), draftRequest(input)),
  }),
)

const DeletedDraft = builder.objectRef<{ draftId: string }>('DeletedDraft').implement({
  description: 'The draft is gone; its media stays among your media items.',
  fields: (t) => ({ draftId: t.exposeID('draftId', { description: 'The id the draft had.' }) }),
})

const DeleteDraftInput = builder.inputType('DeleteDraftInput', {
  description: 'Input of deleteDraft.',
  fields: (t) => ({ draftId: t.id({ required: true, description: 'Draft.id' }) }),
})

builder.mutationField('deleteDraft', (t) =>
  t.withAuth({ $all: { signedIn: true, scope: 'publish' } }).field({
    type: DeletedDraft,
    description: 'Deletes a draft of yours for good.',
    errors: { types: [DraftNotFoundError] },
    args: { input: t.arg({ type: DeleteDraftInput, required: true, description: 'Which draft.' }) },
    resolve: async (_root, { input }, context) => ({ draftId: await deleteDraft(context.viewer.id, String(input.draftId)) }),
  }),
)

const PublishDraftInput = builder.inputType('PublishDraftInput', {
  description: 'Input of publishDraft.',
  fields: (t) => ({
    draftId: t.id({ required: true, description: 'Draft.id' }),
    waitForResults: t.boolean({
      required: false,
      description: 'As in publishPost: false answers as soon as the post is recorded and queued.',
    }),
    allOrNothing: t.boolean({
      required: false,
      description: 'As in publishPost: refuse the whole draft when a chosen Page or profile cannot publish now.',
    }),
  }),
})

builder.mutationField('publishDraft', (t) =>
  t.withAuth({ $all: { signedIn: true, scope: 'publish' } }).field({
    type: PublishPostResult,
    description:
      'Publishes a draft now, or schedules it when it has a time, checked exactly as publishPost checks a post; the draft then becomes that post and is gone. Sent again (or twice at once), it answers with the same post: a draft becomes one post, once. Refused, the draft stays as it was.',
    errors: { types: [DraftNotFoundError, InvalidInputError, IdempotencyConflictError] },
    args: { input: t.arg({ type: PublishDraftInput, required: true, description: 'Which draft.' }) },
    resolve: (_root, { input }, context) =>
      publishDraft(context.viewer.id, String(input.draftId), { ...waitOption(input.waitForResults), allOrNothing: input.allOrNothing }),
  }),
)
