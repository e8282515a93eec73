import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireUser } from '#app/.server/auth/sessions.ts'
import { DraftList } from '#app/components/draft-list.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FlashMessage } from '#app/components/flash-message.tsx'
import { setFlash, takeFlash } from '#app/flash.server.ts'
import { DeleteDraftDocument, DraftsPageDocument } from '#app/gql/graphql.ts'
import { getGraphQLClient } from '#app/graphql.server.ts'

export const meta: MetaFunction = () => [{ title: 'Drafts · Duopost' }]

const PAGE_SIZE = 20

/** Every saved draft, a page at a time, the most recently saved first (docs/decisions/025-drafts.md). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request)
  const after = new URL(request.url).searchParams.get('after') || null
  const page = await getGraphQLClient(request).request(DraftsPageDocument, { after, first: PAGE_SIZE })
  if (!page.viewer) throw new Response('Your session ended while loading the page. Log in again.', { status: 401 })
  const { flash, headers } = await takeFlash(request)
  return data(
    {
      timeZone: page.viewer.timeZone,
      drafts: page.drafts.edges.map((edge) => edge.node),
      next: page.drafts.pageInfo.hasNextPage ? page.drafts.pageInfo.endCursor : null,
      paged: after !== null,
      flash,
    },
    { headers },
  )
}

/** Delete, the page's one action: answered by a redirect back with what happened, in words. */
export async function action({ request }: ActionFunctionArgs) {
  await requireUser(request)
  const form = await request.formData()
  if (form.get('intent') !== 'deleteDraft')
    throw new Response('This form asked for something the Drafts page does not do. Reload the page and try again.', { status: 400 })
  const draftId = String(form.get('draftId') ?? '')
  const result = (await getGraphQLClient(request).request(DeleteDraftDocument, { input: { draftId } })).deleteDraft
  const [tone, message] =
    result.__typename === 'DeletedDraft' ? (['success', 'The draft is deleted.'] as const) : (['error', result.message] as const)
  return redirect('/drafts', { headers: { 'Set-Cookie': await setFlash(tone, message) } })
}

export default function Drafts() {
  const { timeZone, drafts, next, paged, flash } = useLoaderData<typeof loader>()
  return (
    <div className="posts-page">
      <h1>Drafts</h1>
      <FlashMessage flash={flash} />
      <section className="section" aria-labelledby="drafts-heading">
        <h2 id="drafts-heading" className="visually-hidden">
          Saved drafts
        </h2>
        <DraftList drafts={drafts} timeZone={timeZone} />
        <nav className="pager" aria-label="More drafts">
          {paged ? <Link to="/drafts">Latest drafts</Link> : null}
          {next ? <Link to={`/drafts?${new URLSearchParams({ after: next })}`}>Older drafts</Link> : null}
        </nav>
      </section>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
