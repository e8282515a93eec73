import { Form } from '@remix-run/react'
import { STATUS_CHOICES, type PostsQuery } from '#app/posts-filter.ts'

type Page = { pageId: string; name: string }

/** A GET form: every filtered list has its own address, and it works without JavaScript. */
export function PostsFilterForm({ query, pages, timeZone }: { query: PostsQuery; pages: Page[]; timeZone: string }) {
  return (
    <Form method="get" action="/posts" className="posts-filter" aria-label="Filter posts">
      <div className="field">
        <label htmlFor="filter-q">Text contains</label>
        <input id="filter-q" name="q" type="search" defaultValue={query.q} />
      </div>
      <div className="field">
        <label htmlFor="filter-status">Status</label>
        <select id="filter-status" name="status" defaultValue={query.status}>
          <option value="">Any</option>
          {STATUS_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-platform">Platform</label>
        <select id="filter-platform" name="platform" defaultValue={query.platform}>
          <option value="">Any</option>
          <option value="THREADS">Threads</option>
          <option value="FACEBOOK">Facebook</option>
        </select>
      </div>
      {pages.length > 0 ? (
        <div className="field">
          <label htmlFor="filter-page">Page</label>
          <select id="filter-page" name="pageId" defaultValue={query.pageId}>
            <option value="">Any</option>
            {pages.map((page) => (
              <option key={page.pageId} value={page.pageId}>
                {page.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="filter-from">From ({timeZone})</label>
        <input id="filter-from" name="from" type="date" defaultValue={query.from} />
      </div>
      <div className="field">
        <label htmlFor="filter-to">To ({timeZone})</label>
        <input id="filter-to" name="to" type="date" defaultValue={query.to} />
      </div>
      <div className="posts-filter-buttons">
        <button type="submit" className="button">
          Filter
        </button>
        <a href="/posts">Clear</a>
      </div>
    </Form>
  )
}
