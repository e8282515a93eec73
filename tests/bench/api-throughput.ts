/**
 * API throughput: the `connections` query and the first page of `posts` through /graphql with an
 * access token, at 50 concurrent connections, against bareHandler (api-baseline.ts) answering the
 * same JSON from the same queries, on each database engine.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { isDeepStrictEqual } from 'node:util'
import autocannon, { type Result } from 'autocannon'
import { reloadEnv } from '#app/.server/env.ts'
import { getServerYoga } from '#graphql/yoga.ts'
import { createToken, listen } from '#tests/api/helpers.ts'
import { waitUntil } from '#tests/jobs/helpers.ts'
import { bareHandler } from './api-baseline.ts'
import { freshDatabase, startMetaSandbox, type Engine } from './harness.ts'
import { inTurn, round, row, type Row, type Size } from './measure.ts'
import { connectedUser, seedPublishedPosts } from './seed.ts'

const CONNECTIONS = 50
const POSTS = 1_000

const CONNECTIONS_QUERY = `{ connections {
  threads { id threadsUserId username name pictureUrl expiresAt status canPublish lastError connectedAt }
  facebookPages { id pageId name pictureUrl canPublish publishBlockedReason expiresAt status lastError connectedAt }
  warnings { accountId provider status message }
  threadsAvailable facebookAvailable } }`

const POSTS_QUERY = `{ posts(first: 20) {
  edges { cursor node { id text imageUrl link createdAt scheduledAt status
    targets { id platform accountName pageId status postId permalink attempts publishedAt } } }
  pageInfo { hasNextPage endCursor } } }`

const QUERIES = [
  { name: 'connections', query: CONNECTIONS_QUERY, barePath: '/connections' },
  { name: 'posts(first: 20)', query: POSTS_QUERY, barePath: '/posts' },
] as const

/** A request, and the answer every one of them must get (an error inside a 200 counts as a failure). */
type Target = { url: string; headers: Record<string, string>; body: string; expectBody: string }

async function answerOf(target: Omit<Target, 'expectBody'>): Promise<string> {
  const response = await fetch(target.url, { method: 'POST', headers: target.headers, body: target.body })
  const text = await response.text()
  if (!response.ok) throw new Error(`${target.url} answered ${response.status}: ${text}`)
  return text
}

// Load comes from a worker thread, so the servers keep this process's event loop to themselves.
const load = (target: Target, seconds: number) =>
  autocannon({ ...target, method: 'POST', connections: CONNECTIONS, duration: seconds, workers: 1 })

function throughput(result: Result, what: string): number {
  const failed = result.non2xx + result.errors + result.timeouts + result.mismatches
  if (failed > 0) {
    throw new Error(
      `${what}: ${failed} requests failed (non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}, other answers ${result.mismatches}).`,
    )
  }
  return result.requests.total / result.duration
}

/**
 * The least disturbed of `rounds` runs of each, alternating between the two so that a busy moment
 * on a shared machine hits both alike; a short warm-up first, so neither is measured while V8 is
 * still compiling it.
 */
async function compare(graphql: Target, baseline: Target, size: Size) {
  const [rounds, seconds] = size === 'full' ? [3, 2] : [1, 1]
  if (size === 'full') for (const target of [graphql, baseline]) await load(target, 1)
  const best = new Map<Target, { perSecond: number; result: Result }>()
  for (let i = 0; i < rounds; i++) {
    for (const target of [graphql, baseline]) {
      const result = await load(target, seconds)
      const perSecond = throughput(result, target.url)
      // A run that completed nothing (a 1 s run on a busy machine can) still counts as measured.
      const sofar = best.get(target)
      if (!sofar || perSecond > sofar.perSecond) best.set(target, { perSecond, result })
    }
  }
  return { ours: best.get(graphql)!, bare: best.get(baseline)!, how: `best of ${rounds} × ${seconds} s at ${CONNECTIONS} connections` }
}

/**
 * Serves `handler` on a free port, counting the requests it is still answering: when the load
 * stops, answers to requests already taken are still being computed, and the database they query
 * must outlive them.
 */
async function serve(handler: (request: IncomingMessage, response: ServerResponse) => unknown) {
  let answering = 0
  const server = await listen((request, response) => {
    answering += 1
    void Promise.resolve(handler(request, response)).finally(() => (answering -= 1))
  })
  return {
    url: server.url,
    async close() {
      await waitUntil(
        async () => answering,
        (count) => count === 0,
      )
      await server.close()
    },
  }
}

async function onEngine(engine: Engine, size: Size): Promise<Row[]> {
  const database = await freshDatabase(engine)
  const meta = await startMetaSandbox()
  const servers = await Promise.all([serve(getServerYoga()), serve(bareHandler)])
  try {
    const user = await connectedUser(meta, { threads: true, pages: 2 })
    await seedPublishedPosts(user.userId, size === 'full' ? POSTS : 50)
    const { secret } = await createToken(user.cookie, { name: 'benchmark', scopes: ['READ'] })
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${secret}` }
    const [ours, bare] = servers
    const rows: Row[] = []
    for (const { name, query, barePath } of QUERIES) {
      const body = JSON.stringify({ query })
      const request = { graphql: { url: `${ours.url}/graphql`, headers, body }, baseline: { url: `${bare.url}${barePath}`, headers, body } }
      const answers = { graphql: await answerOf(request.graphql), baseline: await answerOf(request.baseline) }
      if (!isDeepStrictEqual(JSON.parse(answers.graphql), JSON.parse(answers.baseline)))
        throw new Error(`The baseline's answer to ${name} differs from /graphql's: ${answers.graphql}`)
      const graphql = { ...request.graphql, expectBody: answers.graphql }
      const baseline = { ...request.baseline, expectBody: answers.baseline }
      const { ours: measured, bare: reference, how } = await compare(graphql, baseline, size)
      const latency = ({ result }: { result: Result }) => `${result.latency.p50}/${result.latency.p99} ms`
      rows.push(
        row({
          benchmark: 'api-throughput',
          case: `${name} on ${engine}`,
          measured: round(measured.perSecond),
          baseline: round(reference.perSecond),
          goal: { of: 'ratio', is: 'at least', value: 0.8 },
          unit: 'req/s',
          notes: `p50/p99 ${latency(measured)} (bare ${latency(reference)}); ${how}`,
        }),
      )
    }
    return rows
  } finally {
    await Promise.all(servers.map((server) => server.close()))
    await meta.close()
    await database.close()
  }
}

export async function apiThroughput(options: { size: Size; engines: readonly Engine[] }): Promise<Row[]> {
  // The per-token and per-person limits (120 and 1,200 a minute by default) would turn the
  // measurement into one of 429s, so this process raises them: every request still passes through
  // the limiter and its database writes.
  const LIMITS = ['API_RATE_LIMIT', 'USER_RATE_LIMIT'] as const
  const configured = LIMITS.map((name) => process.env[name])
  for (const name of LIMITS) process.env[name] = String(1_000_000_000)
  reloadEnv()
  try {
    return await inTurn(options.engines, (engine) => onEngine(engine, options.size))
  } finally {
    LIMITS.forEach((name, i) => {
      const value = configured[i]
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    })
    reloadEnv()
  }
}
