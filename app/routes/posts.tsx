import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireUser } from '#app/.server/auth/sessions.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { FlashMessage } from '#app/components/flash-message.tsx'
import { PostLine } from '#app/components/post-list.tsx'
import { PostsFilterForm } from '#app/components/posts-filter-form.tsx'
import { SelfRefresh } from '#app/components/self-refresh.tsx'
import { TargetRow } from '#app/components/target-row.tsx'
import { UpcomingList } from '#app/components/upcoming-list.tsx'
import { takeFlash } from '#app/flash.server.ts'
import { useRevalidateEvery } from '#app/hooks/use-revalidate-every.ts'
import { PostsPageDocument, ViewerTimeZoneDocument } from '#app/gql/graphql.ts'
import { getGraphQLClient } from '#app/graphql.server.ts'
import { postFilter, postsHref, readPostsQuery } from '#app/posts-filter.ts'
import { postsAction } from '#app/posts-actions.server.ts'

export const meta: MetaFunction = () => [{ title: 'Posts · Duopost' }]

const PAGE_SIZE = 20

/**
 * Every post, a page at a time, newest first, one line each; scheduled posts that have not started
 * come first under Upcoming. Filters are query parameters, read as days in the person's zone.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request)
  const url = new URL(request.url)
  const query = readPostsQuery(url.searchParams)
  const client = getGraphQLClient(request)
  // Dates in the filter are days in the person's zone, so it is read first when there are any.
  const zone = query.from || query.to ? ((await client.request(ViewerTimeZoneDocument)).viewer?.timeZone ?? 'UTC') : 'UTC'
  const { filter, problems } = postFilter(query, zone)
  const after = url.searchParams.get('after') || null
  const page = await client.request(PostsPageDocument, { filter, after, first: PAGE_SIZE })
  if (!page.viewer) throw new Response('Your session ended while loading the page. Log in again.', { status: 401 })
  const { flash, headers } = await takeFlash(request)
  return data(
    {
      timeZone: page.viewer.timeZone,
      pages: page.connections.facebookPages,
      upcoming: page.upcomingPosts.edges.map((edge) => edge.node),
      moreUpcoming: page.upcomingPosts.pageInfo.hasNextPage,
      posts: page.posts.edges.map((edge) => edge.node),
      next: page.posts.pageInfo.hasNextPage ? page.posts.pageInfo.endCursor : null,
      paged: after !== null,
      query,
      problems,
      flash,
    },
    { headers },
  )
}

export function action({ request }: ActionFunctionArgs) {
  return postsAction(request)
}

export default function Posts() {
  const { timeZone, pages, upcoming, moreUpcoming, posts, next, paged, query, problems, flash } = useLoaderData<typeof loader>()
  const filtered = Object.values(query).some(Boolean)
  // A post still publishing (one retried from here, say) updates by itself, with or without JavaScript.
  const moving = posts.some((post) => post.status === 'PUBLISHING')
  useRevalidateEvery(moving ? 3000 : null)
  return (
    <div className="posts-page">
      <h1>Posts</h1>
      <FlashMessage flash={flash} />
      {moving ? <SelfRefresh seconds={5} /> : null}
      {paged ? null : <UpcomingList posts={upcoming} more={moreUpcoming} timeZone={timeZone} />}
      <section className="section" aria-labelledby="all-posts-heading">
        <h2 id="all-posts-heading">All posts</h2>
        <PostsFilterForm query={query} pages={pages} timeZone={timeZone} />
        {problems.length > 0 ? (
          <div className="alert error" role="alert">
            {problems.map((problem) => (
              <p key={problem}>{problem}</p>
            ))}
          </div>
        ) : null}
        {posts.length === 0 ? (
          <p className="card empty">{filtered ? 'No post matches these filters.' : 'No posts yet.'}</p>
        ) : (
          <ol className="post-lines">
            {posts.map((post) => (
              <PostLine key={post.id} post={post} timeZone={timeZone}>
                {post.targetSummary.some((summary) => summary.published > 0) ? (
                  <p>
                    <Link to={`/posts/${post.id}`}>
                      Edit or delete what was published<span className="visually-hidden">: {post.text}</span>
                    </Link>
                  </p>
                ) : null}
                {post.targetsNeedingAttention.length > 0 ? (
                  <ul className="target-list">
                    {post.targetsNeedingAttention.map((target) => (
                      <TargetRow key={target.id} target={target} postId={post.id} />
                    ))}
                  </ul>
                ) : (
                  <p className="muted small">Nothing here needs your attention.</p>
                )}
              </PostLine>
            ))}
          </ol>
        )}
        <nav className="pager" aria-label="More posts">
          {paged ? <Link to={postsHref(query)}>Newest posts</Link> : null}
          {next ? <Link to={postsHref(query, next)}>Older posts</Link> : null}
        </nav>
      </section>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
