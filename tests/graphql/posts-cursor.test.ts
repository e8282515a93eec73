import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { prisma } from '#app/.server/db.ts'
import { bearer, userWithToken } from '#tests/api/helpers.ts'
import { graphql } from './helpers.ts'

type Page = {
  posts: {
    edges: { cursor: string; node: { id: string } }[]
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null }
  }
}

const PAGE = `query ($first: Int, $after: String, $last: Int, $before: String) {
  posts(first: $first, after: $after, last: $last, before: $before) {
    edges { cursor node { id } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`

/** Five posts, newest first: the first three share one millisecond, so only their ids order them. */
async function userWithPosts() {
  const user = await userWithToken(['READ'])
  const sameMoment = new Date(Date.now() - 60_000)
  const times = [sameMoment, sameMoment, sameMoment, new Date(sameMoment.getTime() - 60_000), new Date(sameMoment.getTime() - 120_000)]
  const posts = times.map((createdAt) => ({ id: randomUUID(), userId: user.userId, text: 'A post', requestHash: randomUUID(), createdAt }))
  await prisma.post.createMany({ data: posts })
  const newestFirst = posts.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
  const page = async (variables: Record<string, unknown>) => {
    const result = await graphql<Page>(PAGE, { headers: bearer(user.secret), variables })
    expect(result.body.errors).toBeUndefined()
    return result.body.data!.posts
  }
  return { ...user, newestFirst, page }
}

/** A cursor as `posts` gave them out before it moved to t.prismaConnection: base64url of "createdAt|id". */
const olderFormCursor = (post: { createdAt: Date; id: string }) =>
  Buffer.from(`${post.createdAt.toISOString()}|${post.id}`).toString('base64url')

describe('posts paging', () => {
  it('pages forwards and backwards through every post once, newest first, ids breaking ties', async () => {
    const { newestFirst, page } = await userWithPosts()
    const ids = newestFirst.map((post) => post.id)

    const first = await page({ first: 2 })
    const second = await page({ first: 2, after: first.pageInfo.endCursor })
    const third = await page({ first: 2, after: second.pageInfo.endCursor })
    expect([first, second, third].flatMap((p) => p.edges.map((edge) => edge.node.id))).toEqual(ids)
    expect([first.pageInfo.hasNextPage, second.pageInfo.hasNextPage, third.pageInfo.hasNextPage]).toEqual([true, true, false])

    const back = await page({ last: 2, before: second.pageInfo.startCursor })
    expect(back.edges.map((edge) => edge.node.id)).toEqual(ids.slice(0, 2))
  })

  it('still reads a cursor of the older "createdAt|id" form as the same place', async () => {
    const { newestFirst, page } = await userWithPosts()
    const after = await page({ first: 2, after: olderFormCursor(newestFirst[1]!) })
    expect(after.edges.map((edge) => edge.node.id)).toEqual(newestFirst.slice(2, 4).map((post) => post.id))
    const before = await page({ last: 1, before: olderFormCursor(newestFirst[3]!) })
    expect(before.edges.map((edge) => edge.node.id)).toEqual([newestFirst[2]!.id])
  })

  it('answers an empty page after the cursor of a post deleted since', async () => {
    const { newestFirst, page } = await userWithPosts()
    const first = await page({ first: 2 })
    await prisma.post.delete({ where: { id: newestFirst[1]!.id } })
    const next = await page({ first: 2, after: first.pageInfo.endCursor })
    expect(next.edges).toEqual([])
    expect(next.pageInfo.hasNextPage).toBe(false)
  })
})

describe('posts with a cursor Duopost did not give out', () => {
  it.each([
    ['after', '!!notbase64'],
    ['before', Buffer.from('not a date|x').toString('base64url')],
    ['after', Buffer.from('GPC:N:12').toString('base64')],
  ])('answers %s: %j as invalid input on that argument, not "Unexpected error."', async (argument, cursor) => {
    const { secret } = await userWithToken(['READ'])
    const result = await graphql(`{ posts(first: 1, ${argument}: ${JSON.stringify(cursor)}) { edges { cursor } } }`, {
      headers: bearer(secret),
    })
    expect(result.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/This cursor is not one Duopost gave out: pass pageInfo.endCursor/),
      extensions: { code: 'BAD_USER_INPUT', type: 'InvalidInputError', issues: [{ field: argument, message: expect.any(String) }] },
    })
  })
})
