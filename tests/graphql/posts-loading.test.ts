import pg from 'pg'
import { describe, expect, it, vi } from 'vitest'
import { getDatabase } from '#app/.server/db.ts'
import { seedPublishedPosts } from '#tests/bench/seed.ts'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { connectedUser } from '#tests/publishing/helpers.ts'
import { graphql, type GraphQLResult } from './helpers.ts'

const meta = useMetaSandbox()

type Page = { posts: { edges: { node: { status: string; targets: { accountName: string }[] } }[] } }

/** The SQL statements `run` sends to the database under test. */
async function statementsOf(run: () => Promise<unknown>): Promise<string[]> {
  const database = getDatabase()
  const spy = database.kind === 'pglite' ? vi.spyOn(database.pglite, 'query') : vi.spyOn(pg.Client.prototype, 'query')
  try {
    await run()
    return spy.mock.calls.map(([statement]) => (typeof statement === 'string' ? statement : (statement as { text: string }).text))
  } finally {
    spy.mockRestore()
  }
}

describe('posts', () => {
  // Pothos reloads, post by post, whatever the page's own query did not load in a shape it can
  // use: when `status` and `targets` asked for the targets differently, a page took 7 statements.
  it('loads a page of posts with one statement for the posts and one for all their targets', async () => {
    const user = await connectedUser(meta, { threads: true, pages: 2 })
    await seedPublishedPosts(user.userId, 25)
    let page: GraphQLResult<Page> | undefined
    const statements = await statementsOf(async () => {
      page = await graphql<Page>('{ posts(first: 20) { edges { node { id status targets { id accountName status } } } } }', {
        cookie: user.cookie,
      })
    })
    expect(page?.body.errors).toBeUndefined()
    const edges = page!.body.data!.posts.edges
    expect(edges).toHaveLength(20)
    expect(edges.every(({ node }) => node.status === 'PUBLISHED' && node.targets.length === 3)).toBe(true)
    expect(edges[0]!.node.targets[0]!.accountName).toMatch(/^@/)
    expect(statements.filter((statement) => statement.includes('"Post"'))).toHaveLength(1)
    expect(statements.filter((statement) => statement.includes('"PublishTarget"'))).toHaveLength(1)
  })
})
