import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireUser } from '#app/.server/auth/sessions.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FlashMessage } from '#app/components/flash-message.tsx'
import { PublishedTargetRow, type Opened } from '#app/components/published-target.tsx'
import { StatusBadge } from '#app/components/status-badge.tsx'
import { ZonedTime } from '#app/components/zoned-time.tsx'
import { setFlash, takeFlash, type Flash } from '#app/flash.server.ts'
import { DeletePublishedTargetDocument, EditPublishedTargetDocument, PublishedPostDocument } from '#app/gql/graphql.ts'
import { getGraphQLClient } from '#app/graphql.server.ts'
import { POST_STATUS } from '#app/status-labels.ts'

export const meta: MetaFunction = () => [{ title: 'Post · Duopost' }]

/**
 * One post and every target of it, where what was published can be edited (Facebook) or deleted.
 * `?edit=` or `?delete=` with a target id opens that step; the change itself is a form post.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request)
  const result = await getGraphQLClient(request).request(PublishedPostDocument, { id: params.postId ?? '' })
  if (!result.viewer) throw new Response('Your session ended while loading the page. Log in again.', { status: 401 })
  if (!result.post) throw new Response('No post of yours has this address.', { status: 404 })
  const search = new URL(request.url).searchParams
  const editing = search.get('edit')
  const deleting = search.get('delete')
  const opened: Opened = editing ? { kind: 'edit', targetId: editing } : deleting ? { kind: 'delete', targetId: deleting } : null
  const { flash, headers } = await takeFlash(request)
  return data({ post: result.post, timeZone: result.viewer.timeZone, opened, flash }, { headers })
}

type Failure = { message: string; metaMessage?: string | null }

/** The plain words, with Meta's own message next to them when Meta sent one. */
function inWords(failure: Failure): string {
  return failure.metaMessage ? `${failure.message} Meta said: “${failure.metaMessage}”` : failure.message
}

async function back(path: string, tone: Flash['tone'], message: string) {
  return redirect(path, { headers: { 'Set-Cookie': await setFlash(tone, message) } })
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireUser(request)
  const form = await request.formData()
  const targetId = String(form.get('targetId') ?? '')
  const here = `/posts/${params.postId ?? ''}`
  const client = getGraphQLClient(request)
  switch (form.get('intent')) {
    case 'editPublished': {
      const text = String(form.get('text') ?? '')
      const result = (await client.request(EditPublishedTargetDocument, { input: { targetId, text } })).editPublishedTarget
      if (result.__typename === 'PublishTarget')
        return back(`${here}#target-${targetId}`, 'success', 'The post’s text is changed on Facebook.')
      // Reopen the editor so the person can fix the text or try again.
      return back(`${here}?${new URLSearchParams({ edit: targetId })}#target-${targetId}`, 'error', inWords(result))
    }
    case 'deletePublished': {
      const result = (await client.request(DeletePublishedTargetDocument, { input: { targetId } })).deletePublishedTarget
      if (result.__typename === 'PublishTarget') return back(`${here}#target-${targetId}`, 'success', `Deleted from ${result.accountName}.`)
      return back(`${here}#target-${targetId}`, 'error', inWords(result))
    }
    default:
      throw new Response('This form asked for something this page does not do. Reload the page and try again.', { status: 400 })
  }
}

export default function PublishedPost() {
  const { post, timeZone, opened, flash } = useLoaderData<typeof loader>()
  return (
    <div className="posts-page">
      <p>
        <Link to="/posts">← All posts</Link>
      </p>
      <h1>Post</h1>
      <FlashMessage flash={flash} />
      <section className="card" aria-labelledby="post-text-heading">
        <h2 id="post-text-heading" className="visually-hidden">
          What was sent
        </h2>
        <p>
          <StatusBadge status={POST_STATUS[post.status]} />{' '}
          <span className="muted small">
            <ZonedTime iso={post.createdAt} timeZone={timeZone} withZone />
          </span>
        </p>
        <p className="post-text">{post.text || '(image only)'}</p>
      </section>
      <section className="section" aria-labelledby="targets-heading">
        <h2 id="targets-heading">Where it went</h2>
        <ul className="target-list">
          {post.targets.map((target) => (
            <PublishedTargetRow key={target.id} target={target} postId={post.id} postText={post.text} opened={opened} timeZone={timeZone} />
          ))}
        </ul>
      </section>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
