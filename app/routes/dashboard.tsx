import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useEffect } from 'react'
import { requireUser } from '#app/.server/auth/sessions.ts'
import { sandboxUrl } from '#app/.server/env.ts'
import { mediaReachabilityWarning } from '#app/.server/media/media-view.ts'
import { ConnectionsManager } from '#app/components/connections-manager.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FlashMessage } from '#app/components/flash-message.tsx'
import { PostComposer } from '#app/components/post-composer.tsx'
import { ConnectionRetries } from '#app/components/connection-retries.tsx'
import { RecentPosts } from '#app/components/post-list.tsx'
import { PublishResults, usePendingTargets } from '#app/components/publish-results.tsx'
import { dashboardAction } from '#app/dashboard-actions.server.ts'
import { CALLBACK_PARAMS, callbackFlash, setFlash, takeFlash } from '#app/flash.server.ts'
import { DashboardDocument, DraftDocument, PostDocument } from '#app/gql/graphql.ts'
import { getGraphQLClient } from '#app/graphql.server.ts'
import { useLivePost } from '#app/hooks/use-live-post.ts'
import { useRevalidateEvery } from '#app/hooks/use-revalidate-every.ts'
import { pollInterval } from '#app/status-labels.ts'

export const meta: MetaFunction = () => [{ title: 'Dashboard · Duopost' }]

/**
 * `?post=` picks the post the Results panel shows, `?edit=` a post to start the composer from,
 * `?draft=` a saved draft to go on with.
 * Meta's callback lands here with `?success=` or `?error=`: that becomes a one-time message and the
 * URL is cleaned by a redirect, so reloading or sharing it shows nothing stale.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request)
  const url = new URL(request.url)
  const callback = callbackFlash(url.searchParams)
  if (callback) {
    for (const param of CALLBACK_PARAMS) url.searchParams.delete(param)
    throw redirect(`${url.pathname}${url.search}`, { headers: { 'Set-Cookie': await setFlash(callback.tone, callback.message) } })
  }
  const client = getGraphQLClient(request)
  const postId = url.searchParams.get('post')
  const editId = url.searchParams.get('edit')
  const changeId = url.searchParams.get('change')
  const savedDraftId = url.searchParams.get('draft')
  const [dashboard, picked, draft, change, saved] = await Promise.all([
    client.request(DashboardDocument),
    postId ? client.request(PostDocument, { id: postId }) : null,
    editId ? client.request(PostDocument, { id: editId }) : null,
    changeId ? client.request(PostDocument, { id: changeId }) : null,
    savedDraftId ? client.request(DraftDocument, { id: savedDraftId }) : null,
  ])
  if (!dashboard.viewer) throw new Response('Your session ended while loading the page. Log in again.', { status: 401 })
  const { flash, headers } = await takeFlash(request)
  const sandbox = sandboxUrl()
  const posts = dashboard.posts.edges.map((edge) => edge.node)
  // Without ?post=, the panel shows the latest post while it is still publishing or just done.
  const latest = !postId && posts[0] ? await client.request(PostDocument, { id: posts[0].id }) : null
  return data(
    {
      viewer: dashboard.viewer,
      connections: dashboard.connections,
      connectionFailures: dashboard.connectionFailures,
      posts,
      current: (picked ?? latest)?.post ?? null,
      draft: draft?.post ?? null,
      // ?change= opens a scheduled post that has not started in the composer, to change it.
      scheduled:
        change?.post?.status === 'SCHEDULED' && change.post.scheduledAt ? { ...change.post, scheduledAt: change.post.scheduledAt } : null,
      savedDraft: saved?.draft ?? null,
      flash,
      // One key per composed post: a double submit (or a resubmitted form) publishes once.
      idempotencyKey: crypto.randomUUID(),
      sandbox: sandbox ? { url: sandbox, sampleImageUrl: `${sandbox}/__sandbox/media/sample.png` } : null,
      mediaWarning: mediaReachabilityWarning(),
    },
    { headers },
  )
}

export function action({ request }: ActionFunctionArgs) {
  return dashboardAction(request)
}

function SandboxIntro({ url }: { url: string }) {
  return (
    <aside className="notice info sandbox-intro" aria-label="Sandbox mode">
      <p>
        <strong>Sandbox mode.</strong> Nothing is posted to Meta. The Connect buttons open the local Meta sandbox, signed in as a demo
        person with a Threads profile and three Pages; your posts land there, and each result links to the post in the{' '}
        <a href={url} target="_blank" rel="noreferrer">
          sandbox
        </a>
        .
      </p>
    </aside>
  )
}

// Meta ends its redirects with "#_" (Threads) or "#_=_" (Facebook), which browsers keep.
const META_FRAGMENT = /^#_(=_)?$/

export default function Dashboard() {
  const {
    viewer,
    connections,
    connectionFailures,
    posts,
    current: loaded,
    draft,
    scheduled,
    savedDraft,
    flash,
    idempotencyKey,
    sandbox,
    mediaWarning,
  } = useLoaderData<typeof loader>()
  useEffect(() => {
    if (META_FRAGMENT.test(window.location.hash))
      window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search)
  }, [])
  const pending = usePendingTargets(connections)
  const { post: current, streaming } = useLivePost(loaded)
  useRevalidateEvery(pending || streaming ? null : pollInterval(current ? [current] : []))
  const nothingConnected = !connections.threads && connections.facebookPages.length === 0
  return (
    <div className="dashboard">
      <h1 className="visually-hidden">Dashboard</h1>
      <FlashMessage flash={flash} />
      {sandbox && nothingConnected ? <SandboxIntro url={sandbox.url} /> : null}
      <ConnectionsManager connections={connections} />
      <ConnectionRetries failures={connectionFailures} />
      <div className="compose-grid">
        <PostComposer
          connections={connections}
          draft={draft}
          scheduled={scheduled}
          savedDraft={savedDraft}
          idempotencyKey={idempotencyKey}
          sampleImageUrl={sandbox?.sampleImageUrl ?? null}
          mediaWarning={mediaWarning}
          timeZone={viewer.timeZone}
        />
        <PublishResults post={current} pending={pending} timeZone={viewer.timeZone} />
      </div>
      <RecentPosts posts={posts} timeZone={viewer.timeZone} />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
