import { InvalidInputError } from '#app/.server/errors.ts'
import {
  deletePublishedTarget,
  editPublishedTarget,
  PublishedChangeFailedError,
  PublishTargetNotFoundError,
  TargetNotChangeableError,
} from '#app/.server/publishing/published-changes.ts'
import { builder } from '../builder.ts'
import { ErrorInterface } from '../errors.ts'
import { ErrorAction } from './publish-error.ts'
import { PublishTargetRef } from './publish-target.ts'

// Editing and deleting what was published (docs/decisions/027): the mutations, their failures,
// and each target's history of changes.

const TargetChangeKind = builder.enumType('TargetChangeKind', {
  description: 'What a person asked Meta to change about a published post.',
  values: {
    EDIT: { value: 'edit', description: 'The text was replaced (Facebook Pages only).' },
    DELETE: { value: 'delete', description: 'The post was deleted from Threads or the Page.' },
  } as const,
})

const TargetChangeStatus = builder.enumType('TargetChangeStatus', {
  description: 'Where a change is.',
  values: {
    SENDING: {
      value: 'sending',
      description: 'Sent, and Meta’s answer was lost: Duopost reads the post before it sends anything else for this target.',
    },
    DONE: { value: 'done', description: 'Meta made the change (confirmed by its answer or by reading the post back).' },
    FAILED: { value: 'failed', description: 'Meta refused it, or reading the post back showed it was not made.' },
  } as const,
})

builder.prismaObject('TargetChange', {
  description: 'One edit or delete of a published target, oldest first in PublishTarget.changes.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Duopost id of this change.' }),
    kind: t.field({ type: TargetChangeKind, description: 'Edit or delete.', resolve: (change) => change.kind }),
    status: t.field({ type: TargetChangeStatus, description: 'Where the change is.', resolve: (change) => change.status }),
    text: t.exposeString('text', { nullable: true, description: 'The new text of an edit; null for a delete.' }),
    errorMessage: t.exposeString('errorMessage', { nullable: true, description: 'Why it failed or is unconfirmed, in plain words.' }),
    metaMessage: t.exposeString('metaMessage', { nullable: true, description: 'Meta’s own message, when Meta refused it.' }),
    requestedAt: t.expose('createdAt', { type: 'DateTime', description: 'When the person asked for it.' }),
    settledAt: t.expose('settledAt', { type: 'DateTime', nullable: true, description: 'When it was done or failed.' }),
  }),
})

builder.prismaObjectFields('PublishTarget', (t) => ({
  editedText: t.exposeString('editedText', {
    nullable: true,
    description: 'The text the published post shows since its last edit through Duopost; null when never edited.',
  }),
  editedAt: t.expose('editedAt', { type: 'DateTime', nullable: true, description: 'When its text was last edited through Duopost.' }),
  deletedAt: t.expose('deletedAt', {
    type: 'DateTime',
    nullable: true,
    description: 'When it was deleted from Threads or the Page through Duopost; permalink then leads nowhere.',
  }),
  changes: t.relation('changes', {
    description: 'Every edit and delete asked for through Duopost, oldest first.',
    query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
  }),
}))

builder.objectType(PublishTargetNotFoundError, {
  name: 'PublishTargetNotFoundError',
  description: 'No target of your posts has that id.',
  interfaces: [ErrorInterface],
})

builder.objectType(TargetNotChangeableError, {
  name: 'TargetNotChangeableError',
  description: 'The change makes no sense for this target: it is not published, was already deleted, or is on Threads (no edits).',
  interfaces: [ErrorInterface],
})

builder.objectType(PublishedChangeFailedError, {
  name: 'PublishedChangeFailedError',
  description: 'Meta refused the change, or its answer was lost and the post could not be read back yet.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    metaMessage: t.string({
      nullable: true,
      description: 'Meta’s own message, shown next to `message`; null when Meta did not answer.',
      resolve: (error) => error.failure.metaMessage,
    }),
    action: t.field({ type: ErrorAction, description: 'What to do about it.', resolve: (error) => error.failure.action }),
    unconfirmed: t.boolean({
      description: 'Meta may have made the change: Duopost reads the post before sending anything again for this target.',
      resolve: (error) => error.failure.unconfirmed,
    }),
    metaCode: t.int({ nullable: true, description: 'Meta’s error code, for support.', resolve: (error) => error.failure.code }),
    metaSubcode: t.int({ nullable: true, description: 'Meta’s error subcode, for support.', resolve: (error) => error.failure.subcode }),
  }),
})

const FAILURES = [PublishTargetNotFoundError, TargetNotChangeableError, PublishedChangeFailedError, InvalidInputError]

const EditPublishedTargetInput = builder.inputType('EditPublishedTargetInput', {
  description: 'Input of editPublishedTarget.',
  fields: (t) => ({
    targetId: t.id({ required: true, description: 'PublishTarget.id of a post published on a Facebook Page.' }),
    text: t.string({ required: true, description: 'The post’s new text (Facebook allows 63,206 characters).' }),
  }),
})

builder.mutationField('editPublishedTarget', (t) =>
  t.withAuth({ $all: { signedIn: true, scope: 'publish' } }).field({
    type: PublishTargetRef,
    description:
      'Replaces the text of a post published on a Facebook Page (Threads has no edits). Sending the same edit again is harmless; a lost answer is confirmed by reading the post back.',
    errors: { types: FAILURES },
    args: { input: t.arg({ type: EditPublishedTargetInput, required: true, description: 'Which target, and its new text.' }) },
    resolve: (_root, { input }, context) => editPublishedTarget(context.viewer.id, String(input.targetId), input.text),
  }),
)

const DeletePublishedTargetInput = builder.inputType('DeletePublishedTargetInput', {
  description: 'Input of deletePublishedTarget.',
  fields: (t) => ({
    targetId: t.id({ required: true, description: 'PublishTarget.id of a published post.' }),
  }),
})

builder.mutationField('deletePublishedTarget', (t) =>
  t.withAuth({ $all: { signedIn: true, scope: 'publish' } }).field({
    type: PublishTargetRef,
    description:
      'Deletes a published post from Threads (needs the threads_delete permission: reconnect Threads if it is missing) or from its Page. A delete whose answer was lost is settled by reading the post: gone is deleted.',
    errors: { types: FAILURES },
    args: { input: t.arg({ type: DeletePublishedTargetInput, required: true, description: 'Which target.' }) },
    resolve: (_root, { input }, context) => deletePublishedTarget(context.viewer.id, String(input.targetId)),
  }),
)
