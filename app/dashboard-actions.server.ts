import { data, redirect } from '@remix-run/node'
import type { GraphQLClient } from 'graphql-request'
import { requireUser } from '#app/.server/auth/sessions.ts'
import { setFlash, type Flash } from '#app/flash.server.ts'
import {
  ConnectFacebookDocument,
  ConnectThreadsDocument,
  CreateDraftDocument,
  DisconnectDocument,
  MediaItemsDocument,
  EditScheduledPostDocument,
  PublishDraftDocument,
  PublishPostDocument,
  RetryConnectionFailuresDocument,
  RetryPublishTargetsDocument,
  UpdateDraftDocument,
  type Platform,
} from '#app/gql/graphql.ts'
import { getGraphQLClient } from '#app/graphql.server.ts'
import {
  composerErrors,
  draftInput,
  publishInput,
  readComposerForm,
  scheduleFieldProblem,
  submittedIntent,
  type ComposerErrors,
  type ComposerValues,
} from '#app/publish-form.ts'

/**
 * The dashboard's form posts, one handler per `intent`. Each runs one GraphQL mutation and then
 * redirects (post/redirect/get, so reloading never repeats it), except a publish the API refused,
 * which re-renders the composer with the person's input and the API's reasons.
 */
const DASHBOARD = '/dashboard'

export type PublishRefused = { values: ComposerValues; errors: ComposerErrors }

type Handler = (client: GraphQLClient, form: FormData) => Promise<Response | ReturnType<typeof data<PublishRefused>>>

function resultsOf(postId: string): string {
  return `${DASHBOARD}?${new URLSearchParams({ post: postId })}#results`
}

async function backWith(tone: Flash['tone'], message: string, path = DASHBOARD): Promise<Response> {
  return redirect(path, { headers: { 'Set-Cookie': await setFlash(tone, message) } })
}

function platformOf(form: FormData): Platform {
  const platform = form.get('platform')
  if (platform === 'THREADS' || platform === 'FACEBOOK') return platform
  throw new Response('The form named no platform (THREADS or FACEBOOK). Reload the page and try again.', { status: 400 })
}

/** Sends the browser to Meta's consent page; Meta sends it back to the callback, then here. */
const connect: Handler = async (client, form) => {
  const input = { returnTo: DASHBOARD }
  const result =
    platformOf(form) === 'THREADS'
      ? (await client.request(ConnectThreadsDocument, { input })).connectThreads
      : (await client.request(ConnectFacebookDocument, { input })).connectFacebook
  if (result.__typename === 'ConnectionStart') return redirect(result.authorizationUrl)
  return backWith('error', result.message)
}

const disconnect: Handler = async (client, form) => {
  const platform = platformOf(form)
  const accountId = form.get('accountId')
  const result = (
    await client.request(DisconnectDocument, { input: { platform, accountId: typeof accountId === 'string' ? accountId : null } })
  ).disconnect
  if (result.__typename !== 'DisconnectResult') return backWith('error', result.message)
  const what = platform === 'THREADS' ? 'Threads is disconnected.' : accountId ? 'The Page is removed.' : 'Facebook is disconnected.'
  return backWith('success', `${what} ${result.revocationMessage}`)
}

/** The composer shown again: its media items with what they are (thumbnail, type, size). */
async function composerAgain(client: GraphQLClient, values: ComposerValues, errors: ComposerErrors, status: number) {
  if (values.media.length === 0) return data({ values, errors }, { status })
  const { mediaItems } = await client.request(MediaItemsDocument, { ids: values.media.map((item) => item.id) })
  const media = values.media.flatMap((item) => {
    const details = mediaItems.find((found) => found.id === item.id)
    return details ? [{ ...item, details }] : []
  })
  return data({ values: { ...values, media }, errors }, { status })
}

/**
 * Publishes, or shows the composer again: after files were uploaded without JavaScript to be
 * reviewed first (`attach`), when a file was refused (nothing is published then: the person
 * chose it for this post), or when the API refused the post. A draft opened in the composer is
 * saved as it is now and published through publishDraft, so it becomes one post however often
 * the form is sent.
 */
const publish: Handler = async (client, form) => {
  const values = readComposerForm(form)
  const refusedFiles = form.getAll('mediaError').map(String)
  if (refusedFiles.length > 0) return composerAgain(client, values, { fields: {}, form: refusedFiles }, 400)
  if (form.get('attach')) return composerAgain(client, values, { fields: {}, form: [] }, 200)
  const timing = scheduleFieldProblem(values)
  if (timing) return composerAgain(client, values, { fields: { scheduledAt: timing }, form: [] }, 400)
  const draftId = String(form.get('draftId') ?? '')
  if (draftId) {
    const saved = (await client.request(UpdateDraftDocument, { input: { ...draftInput(values), draftId } })).updateDraft
    // A draft already gone may have become a post on an earlier send of this form: publishDraft says which.
    if (saved.__typename === 'InvalidInputError') return composerAgain(client, values, composerErrors(saved.issues), 400)
  }
  const result = draftId
    ? (await client.request(PublishDraftDocument, { input: { draftId, waitForResults: false } })).publishDraft
    : (await client.request(PublishPostDocument, { input: publishInput(values) })).publishPost
  switch (result.__typename) {
    case 'PublishPostResult':
      return redirect(resultsOf(result.post.id))
    case 'InvalidInputError':
      return composerAgain(client, values, composerErrors(result.issues, values), 400)
    default:
      return composerAgain(client, values, { fields: {}, form: [result.message] }, 409)
  }
}

/**
 * Keeps the composer's post as a draft (a new one, or the draft it was opened from) without
 * publishing anything. Its time is kept whichever button would use it.
 */
const saveDraft: Handler = async (client, form) => {
  const read = readComposerForm(form)
  const values = { ...read, when: read.scheduledAt ? ('schedule' as const) : ('now' as const) }
  const refusedFiles = form.getAll('mediaError').map(String)
  if (refusedFiles.length > 0) return composerAgain(client, values, { fields: {}, form: refusedFiles }, 400)
  const timing = scheduleFieldProblem(values)
  if (timing) return composerAgain(client, values, { fields: { scheduledAt: timing }, form: [] }, 400)
  const draftId = String(form.get('draftId') ?? '')
  const result = draftId
    ? (await client.request(UpdateDraftDocument, { input: { ...draftInput(values), draftId } })).updateDraft
    : (await client.request(CreateDraftDocument, { input: draftInput(values) })).createDraft
  switch (result.__typename) {
    case 'Draft':
      return backWith('success', 'The draft is saved. Nothing was published.', '/drafts')
    case 'InvalidInputError':
      return composerAgain(client, values, composerErrors(result.issues), 400)
    default:
      return composerAgain(client, values, { fields: {}, form: [result.message] }, 409)
  }
}

/** Saves the composer's changes to a scheduled post that has not started. */
const edit: Handler = async (client, form) => {
  const values = { ...readComposerForm(form), when: 'schedule' as const }
  const postId = String(form.get('postId') ?? '')
  const timing = scheduleFieldProblem(values)
  if (timing) return composerAgain(client, values, { fields: { scheduledAt: timing }, form: [] }, 400)
  const { idempotencyKey: _key, waitForResults: _wait, ...post } = publishInput(values)
  // The composer shows the post's media: what it sends replaces it, an emptied list included.
  const input = { ...post, media: post.media ?? [], postId, scheduledAt: post.scheduledAt! }
  const result = (await client.request(EditScheduledPostDocument, { input })).editScheduledPost
  switch (result.__typename) {
    case 'Post':
      return backWith('success', 'The scheduled post is changed.', '/posts#upcoming')
    case 'InvalidInputError':
      return composerAgain(client, values, composerErrors(result.issues, values), 400)
    default:
      return composerAgain(client, values, { fields: {}, form: [result.message] }, 409)
  }
}

const retry: Handler = async (client, form) => {
  const postId = String(form.get('postId') ?? '')
  const targetId = form.get('targetId')
  const result = (
    await client.request(RetryPublishTargetsDocument, {
      input: { postId, targetIds: typeof targetId === 'string' ? [targetId] : null, waitForResults: false },
    })
  ).retryPublishTargets
  switch (result.__typename) {
    case 'PublishPostResult':
      return redirect(resultsOf(result.post.id))
    case 'InvalidInputError':
      return backWith('error', result.issues.map((issue) => issue.message).join(' '), resultsOf(postId))
    default:
      return backWith('error', result.message)
  }
}

const retryConnection: Handler = async (client, form) => {
  const accountId = String(form.get('accountId') ?? '')
  const result = (await client.request(RetryConnectionFailuresDocument, { input: { accountId } })).retryConnectionFailures
  switch (result.__typename) {
    case 'RetriedTargets':
      return backWith(
        'success',
        `${result.targetCount === 1 ? 'One target is' : `${result.targetCount} targets are`} publishing again.`,
        '/posts',
      )
    default:
      return backWith('error', result.issues.map((issue) => issue.message).join(' '))
  }
}

const HANDLERS: Record<string, Handler> = { connect, disconnect, publish, saveDraft, edit, retry, retryConnection }

export async function dashboardAction(request: Request) {
  await requireUser(request)
  const form = await request.formData()
  const handler = HANDLERS[submittedIntent(form)]
  if (!handler)
    throw new Response('This form asked for something the dashboard does not do. Reload the page and try again.', { status: 400 })
  return handler(getGraphQLClient(request), form)
}
