/**
 * The API throughput baseline: a bare `node:http` handler that does only what the two queries
 * must do, with no GraphQL and no rate limiting: authenticate the token, run the same Prisma
 * queries as the resolvers, and write the same JSON /graphql answers with (checked before every
 * measurement).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { formatPrismaCursor } from '@pothos/plugin-prisma'
import { listConnections, type ConnectedAccount, type ConnectionWarning } from '#app/.server/accounts/connections.ts'
import { isPlatformConfigured } from '#app/.server/accounts/oauth-flow.ts'
import { checkApiToken } from '#app/.server/auth/api-tokens.ts'
import { prisma } from '#app/.server/db.ts'
import { postStatus } from '#app/.server/publishing/post-status.ts'
import { TARGET_ORDER } from '#app/.server/publishing/target-states.ts'

const iso = (date: Date | null) => date?.toISOString() ?? null
// GraphQL enum names are the stored values in capitals (published → PUBLISHED, facebook → FACEBOOK).
const enumName = (value: string) => value.toUpperCase()

function connectionFields(c: ConnectedAccount) {
  return {
    id: c.id,
    pictureUrl: c.pictureUrl,
    canPublish: c.canPublish,
    expiresAt: iso(c.expiresAt),
    status: c.status,
    lastError: c.lastError,
    connectedAt: iso(c.createdAt),
  }
}

/** The answer to CONNECTIONS_QUERY in api-throughput.ts. */
async function connections(userId: string) {
  const { threads, facebookPages, warnings } = await listConnections(userId)
  return {
    connections: {
      threads: threads && {
        ...connectionFields(threads),
        threadsUserId: threads.platformAccountId,
        username: threads.username,
        name: threads.displayName,
      },
      facebookPages: facebookPages.map((page) => ({
        ...connectionFields(page),
        pageId: page.platformAccountId,
        name: page.displayName ?? page.platformAccountId,
        publishBlockedReason: page.publishBlockedReason,
      })),
      warnings: warnings.map((w: ConnectionWarning) => ({
        accountId: w.accountId,
        provider: enumName(w.platform),
        status: w.status,
        message: w.message,
      })),
      threadsAvailable: isPlatformConfigured('threads'),
      facebookAvailable: isPlatformConfigured('facebook'),
    },
  }
}

const PAGE_SIZE = 20
const cursorOf = (post: { id: string }) => formatPrismaCursor(post, 'id')

/** The answer to POSTS_QUERY: the newest page of posts, one more fetched to know whether more follow. */
async function posts(userId: string) {
  const rows = await prisma.post.findMany({
    where: { userId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: PAGE_SIZE + 1,
    include: { targets: { orderBy: [...TARGET_ORDER] } },
  })
  const page = rows.slice(0, PAGE_SIZE)
  const edges = page.map((post) => ({
    cursor: cursorOf(post),
    node: {
      id: post.id,
      text: post.text,
      imageUrl: post.imageUrl,
      link: post.link,
      createdAt: iso(post.createdAt),
      scheduledAt: iso(post.scheduledAt),
      status: enumName(postStatus(post, post.targets)),
      targets: post.targets.map((t) => ({
        id: t.id,
        platform: enumName(t.platform),
        accountName: t.accountName,
        pageId: t.platform === 'facebook' ? t.platformAccountId : null,
        status: enumName(t.status),
        postId: t.platformPostId,
        permalink: t.permalink,
        attempts: t.attempts,
        publishedAt: iso(t.publishedAt),
      })),
    },
  }))
  return { posts: { edges, pageInfo: { hasNextPage: rows.length > PAGE_SIZE, endCursor: edges.at(-1)?.cursor ?? null } } }
}

const ANSWERS: Record<string, (userId: string) => Promise<unknown>> = { '/connections': connections, '/posts': posts }

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
  response.end(JSON.stringify(body))
}

async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
  // The request body is read and parsed as /graphql must, though the path alone picks the answer.
  JSON.parse(await readBody(request))
  const secret = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1]
  const check = secret ? await checkApiToken(secret) : null
  if (!check?.ok) return send(response, 401, { errors: [{ message: 'Unauthenticated' }] })
  const resolve = ANSWERS[request.url ?? '']
  if (!resolve) return send(response, 404, { errors: [{ message: 'Not found' }] })
  send(response, 200, { data: await resolve(check.user.id) })
}

/** A `node:http` listener; the promise settles once the answer is written. */
export function bareHandler(request: IncomingMessage, response: ServerResponse): Promise<void> {
  return answer(request, response).catch((error: unknown) => send(response, 500, { errors: [{ message: String(error) }] }))
}
