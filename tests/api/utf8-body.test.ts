import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prisma } from '#app/.server/db.ts'
import { getYoga } from '#graphql/yoga.ts'
import { bearer, listen, userWithToken } from './helpers.ts'

// Issue 14, case 7: invalid UTF-8 was decoded to U+FFFD and published silently.

let server: Awaited<ReturnType<typeof listen>>
beforeAll(async () => {
  server = await listen(getYoga())
})
afterAll(() => server.close())

function publishBody(text: Uint8Array): Uint8Array<ArrayBuffer> {
  const document = 'mutation ($text: String!) { publishPost(input: { platforms: [THREADS], content: { text: $text } }) { __typename } }'
  const encoder = new TextEncoder()
  const [before, after] = JSON.stringify({ query: document, variables: { text: '\u0000' } }).split('\\u0000') as [string, string]
  return new Uint8Array([...encoder.encode(before), ...text, ...encoder.encode(after)])
}

function post(secret: string, body: Uint8Array<ArrayBuffer>) {
  return fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { ...bearer(secret), 'content-type': 'application/json' },
    body,
  })
}

describe('a GraphQL request body that is not valid UTF-8', () => {
  it('is refused with 400 saying so, and nothing is recorded', async () => {
    const { secret, userId } = await userWithToken(['PUBLISH'])
    const response = await post(secret, publishBody(new Uint8Array([0x48, 0x69, 0xff, 0xfe])))
    expect(response.status).toBe(400)
    const body = (await response.json()) as { errors: { message: string }[] }
    expect(body.errors[0]!.message).toMatch(/^The request body is not valid UTF-8/)
    expect(await prisma.post.count({ where: { userId } })).toBe(0)
  })

  it('lets valid UTF-8 through to the resolver', async () => {
    const { secret } = await userWithToken(['PUBLISH'])
    const response = await post(secret, publishBody(new TextEncoder().encode('Grüße 👋')))
    expect(response.status).toBe(200)
    const body = (await response.json()) as { data?: { publishPost: { __typename: string } } }
    expect(body.data?.publishPost.__typename).toBeDefined()
  })
})
