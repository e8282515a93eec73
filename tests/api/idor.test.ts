import { beforeEach, describe, expect, it } from 'vitest'
import { prisma } from '#app/.server/db.ts'
import { graphql } from '#tests/graphql/helpers.ts'
import { useMetaSandbox } from '#tests/meta-sandbox.ts'
import { connectedUser, publish } from '#tests/publishing/helpers.ts'
import { useWorker } from '#tests/worker-harness.ts'
import { bearer, createToken, payloads, subscribe } from './helpers.ts'

const meta = useMetaSandbox()
useWorker()

type World = { attacker: string; victimPostId: string; victimAccountIds: string[]; victimUserId: string }
let world: World

/** What the victim owns, as stored; it must be identical after every attempt. */
async function victimRows(userId: string) {
  return {
    posts: await prisma.post.findMany({ where: { userId }, include: { targets: true }, orderBy: { id: 'asc' } }),
    accounts: await prisma.account.findMany({ where: { userId }, orderBy: { id: 'asc' } }),
  }
}

beforeEach(async () => {
  const victim = await connectedUser(meta, { pages: 1 })
  const posted = await publish(victim.cookie, {
    platforms: ['THREADS', 'FACEBOOK'],
    content: { text: 'Mine' },
    facebookPageIds: victim.pageIds,
  })
  const attacker = await connectedUser(meta)
  const { secret } = await createToken(attacker.cookie, { name: 'attacker', scopes: ['READ', 'PUBLISH', 'CONNECTIONS'] })
  const accounts = await prisma.account.findMany({ where: { userId: victim.userId }, select: { id: true } })
  world = { attacker: secret, victimPostId: posted.post!.id, victimAccountIds: accounts.map((a) => a.id), victimUserId: victim.userId }
})

describe("another user's things, through an access token", () => {
  it('cannot be read, followed, retried, rescheduled, cancelled or disconnected', async () => {
    const before = await victimRows(world.victimUserId)
    const as = (query: string, variables: Record<string, unknown> = {}) =>
      graphql<Record<string, unknown>>(query, { headers: bearer(world.attacker), variables })
    const id = world.victimPostId

    expect((await as('query ($id: ID!) { post(id: $id) { id text } }', { id })).body).toEqual({ data: { post: null } })
    const page = await as('{ posts(first: 100) { edges { node { id } } } }')
    expect(JSON.stringify(page.body)).not.toContain(id)
    const connections = await as('{ connections { threads { id } facebookPages { id } } }')
    for (const accountId of world.victimAccountIds) expect(JSON.stringify(connections.body)).not.toContain(accountId)

    const notFound = [
      ['retryPublishTargets', await as('mutation ($id: ID!) { r: retryPublishTargets(postId: $id) { __typename } }', { id })],
      ['cancelPost', await as('mutation ($id: ID!) { r: cancelPost(postId: $id) { __typename } }', { id })],
      [
        'reschedulePost',
        await as('mutation ($id: ID!, $at: DateTime!) { r: reschedulePost(postId: $id, scheduledAt: $at) { __typename } }', {
          id,
          at: new Date(Date.now() + 86_400_000).toISOString(),
        }),
      ],
    ] as const
    for (const [field, result] of notFound) expect(result.body, field).toEqual({ data: { r: { __typename: 'PostNotFoundError' } } })

    for (const accountId of world.victimAccountIds) {
      for (const provider of ['THREADS', 'FACEBOOK']) {
        const result = await as(
          `mutation ($accountId: ID!) { r: disconnect(input: { provider: ${provider}, accountId: $accountId }) { __typename } }`,
          { accountId },
        )
        expect(result.body).toEqual({ data: { r: { __typename: 'NotFoundError' } } })
      }
    }

    const followed = await subscribe('subscription ($id: ID!) { postUpdated(id: $id) { __typename ... on Post { text } } }', {
      headers: bearer(world.attacker),
      variables: { id },
    })
    expect(payloads(followed.events)).toEqual([{ data: { postUpdated: { __typename: 'PostNotFoundError' } } }])

    expect(await victimRows(world.victimUserId)).toEqual(before)
  })

  it('cannot be fished for with aliases: 15 lookups all come back empty, 16 are refused unread', async () => {
    const lookups = (n: number) => `query ($id: ID!) { ${Array.from({ length: n }, (_, i) => `p${i}: post(id: $id) { text }`).join(' ')} }`
    const fifteen = await graphql<Record<string, null>>(lookups(15), {
      headers: bearer(world.attacker),
      variables: { id: world.victimPostId },
    })
    expect(Object.values(fifteen.body.data!)).toEqual(Array(15).fill(null))
    const sixteen = await graphql(lookups(16), { headers: bearer(world.attacker), variables: { id: world.victimPostId } })
    expect(sixteen.body.data).toBeUndefined()
    expect(sixteen.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'maxAliases' })
  })
})
