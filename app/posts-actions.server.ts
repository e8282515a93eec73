import { data, redirect } from '@remix-run/node'
import type { GraphQLClient } from 'graphql-request'
import { requireUser } from '#app/.server/auth/sessions.ts'
import { setFlash, type Flash } from '#app/flash.server.ts'
import { CancelPostDocument, PublishPostNowDocument, ReschedulePostDocument } from '#app/gql/graphql.ts'
import { getGraphQLClient } from '#app/graphql.server.ts'
import { DEFAULT_TIME_ZONE, fromLocalInput, isTimeZone, labelInZone } from '#app/shared/zoned-time.ts'

/**
 * The buttons for scheduled posts on the Posts page and the Calendar: cancel, publish now,
 * reschedule. Each runs one GraphQL mutation and redirects back (post/redirect/get) with what
 * happened in words; a time that cannot be used re-renders the page with the reason next to that
 * post's field.
 */
const POSTS = '/posts#upcoming'

export type RescheduleRefused = { postId: string; scheduledAt: string; error: string }

async function backWith(tone: Flash['tone'], message: string, path: string): Promise<Response> {
  return redirect(path, { headers: { 'Set-Cookie': await setFlash(tone, message) } })
}

type Handler = (
  client: GraphQLClient,
  form: FormData,
  postId: string,
  back: string,
) => Promise<Response | ReturnType<typeof data<RescheduleRefused>>>

const cancel: Handler = async (client, _form, postId, back) => {
  const result = (await client.request(CancelPostDocument, { input: { postId } })).cancelPost
  if (result.__typename === 'Post') return backWith('success', 'The post is cancelled; nothing of it will be published.', back)
  return backWith('error', result.message, back)
}

const publishNow: Handler = async (client, _form, postId, back) => {
  const result = (await client.request(PublishPostNowDocument, { input: { postId } })).publishPostNow
  if (result.__typename === 'Post') return redirect(`/dashboard?${new URLSearchParams({ post: postId })}#results`)
  return backWith('error', result.message, back)
}

const reschedule: Handler = async (client, form, postId, back) => {
  const local = String(form.get('scheduledAt') ?? '').trim()
  const zoneField = String(form.get('timeZone') ?? '')
  const timeZone = isTimeZone(zoneField) ? zoneField : DEFAULT_TIME_ZONE
  const at = fromLocalInput(local, timeZone)
  const refuse = (error: string) => data<RescheduleRefused>({ postId, scheduledAt: local, error }, { status: 400 })
  if (!at)
    return refuse(
      local ? `“${local}” is not a date and time: use the picker, or type it as 2026-12-09T09:00.` : 'Choose the new date and time.',
    )
  const result = (await client.request(ReschedulePostDocument, { input: { postId, scheduledAt: at.toISOString() } })).reschedulePost
  switch (result.__typename) {
    case 'Post':
      return backWith('success', `Rescheduled for ${labelInZone(at, timeZone)}.`, back)
    case 'InvalidInputError':
      return refuse(result.issues.map((issue) => issue.message).join(' '))
    default:
      return backWith('error', result.message, back)
  }
}

const HANDLERS: Record<string, Handler> = { cancel, publishNow, reschedule }

/** `back`: where each answer returns to (the Calendar answers with the view it was sent from). */
export async function postsAction(request: Request, back = POSTS) {
  await requireUser(request)
  const form = await request.formData()
  const handler = HANDLERS[String(form.get('intent'))]
  if (!handler)
    throw new Response('This form asked for something the Posts page does not do. Reload the page and try again.', { status: 400 })
  return handler(getGraphQLClient(request), form, String(form.get('postId') ?? ''), back)
}
