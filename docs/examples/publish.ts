/**
 * Publishes one post to your Threads profile and every Facebook Page you can publish to, then
 * prints what happened on each.
 *
 *   DUOPOST_URL=https://duopost.example.com DUOPOST_TOKEN=dp_… npx tsx publish.ts "Hello from my program"
 *
 * The token needs the read and publish scopes.
 */
import { randomUUID } from 'node:crypto'
import { ClientError, GraphQLClient } from 'graphql-request'
import { DestinationsDocument, PublishDocument, type Platform } from './gql/graphql.ts'

const url = process.env.DUOPOST_URL ?? 'http://localhost:3000'
const token = process.env.DUOPOST_TOKEN
if (!token) throw new Error('Set DUOPOST_TOKEN to a token from Settings → API tokens in Duopost.')
const text = process.argv[2] ?? 'Hello from the Duopost API'

const client = new GraphQLClient(`${url}/graphql`, { headers: { authorization: `Bearer ${token}` } })

/** Sends a request; when the rate limit refuses it, waits as long as Duopost says and tries once more. */
async function withRateLimit<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send()
  } catch (error) {
    const limited = error instanceof ClientError ? error.response.errors?.find((e) => e.extensions?.code === 'RATE_LIMITED') : undefined
    if (!limited) throw error
    const seconds = Number(limited.extensions.retryAfterSeconds)
    console.log(`Rate limited; trying again in ${seconds} s.`)
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
    return send()
  }
}

const { connections } = await withRateLimit(() => client.request(DestinationsDocument))
const pageIds = connections.facebookPages.filter((page) => page.canPublish).map((page) => page.pageId)
const platforms: Platform[] = [
  ...(connections.threads?.canPublish ? ['THREADS' as const] : []),
  ...(pageIds.length ? ['FACEBOOK' as const] : []),
]
if (platforms.length === 0) {
  console.error('Nothing to publish to: connect Threads or a Facebook Page in Duopost first.')
  process.exit(1)
}

// The same key on a repeated request (after a timeout, say) returns the first post instead of posting twice.
const input = { platforms, content: { text }, facebookPageIds: pageIds, idempotencyKey: randomUUID() }
const { publishPost: result } = await withRateLimit(() => client.request(PublishDocument, { input }))

switch (result.__typename) {
  case 'PublishPostResult':
    console.log(`Post ${result.post.id}: ${result.post.status}`)
    for (const target of result.post.targets) {
      const outcome = target.permalink ?? target.error?.message ?? 'still publishing (follow it with the postUpdated subscription)'
      console.log(`- ${target.platform} ${target.accountName}: ${target.status} ${outcome}`)
    }
    break
  case 'InvalidInputError':
    for (const issue of result.issues) console.error(`${issue.field}: ${issue.message}`)
    process.exit(1)
  default:
    console.error(result.message)
    process.exit(1)
}
