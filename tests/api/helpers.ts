import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { getYoga } from '#graphql/yoga.ts'
import { PASSWORD, signUp } from '#tests/auth/helpers.ts'
import { graphql } from '#tests/graphql/helpers.ts'
import { APP } from '#tests/utils.ts'

export type Scope = 'READ' | 'PUBLISH' | 'CONNECTIONS' | 'WEBHOOKS'
export const ALL_SCOPES: readonly Scope[] = ['READ', 'PUBLISH', 'CONNECTIONS', 'WEBHOOKS']

export const CREATE_TOKEN = `mutation ($input: CreateApiTokenInput!) {
  createApiToken(input: $input) {
    __typename
    ... on CreatedApiToken { secret apiToken { id name prefix scopes createdAt lastUsedAt expiresAt expired revokedAt } }
    ... on InvalidInputError { message issues { field message } }
  }
}`

export type CreatedToken = {
  secret: string
  apiToken: {
    id: string
    name: string
    prefix: string
    scopes: Scope[]
    createdAt: string
    lastUsedAt: string | null
    expiresAt: string | null
    expired: boolean
    revokedAt: string | null
  }
}

/** Creates a token from a signed-in browser session, as the settings page does. */
export async function createToken(
  cookie: string,
  input: { name?: string; scopes: readonly Scope[]; expiresAt?: string | null },
): Promise<CreatedToken> {
  const result = await graphql<{ createApiToken: CreatedToken & { __typename: string } }>(CREATE_TOKEN, {
    cookie,
    variables: { input: { name: 'test program', password: PASSWORD, ...input } },
  })
  if (result.body.errors || result.body.data?.createApiToken.__typename !== 'CreatedApiToken') {
    throw new Error(JSON.stringify(result.body))
  }
  return result.body.data.createApiToken
}

let people = 0

/** A new user with a token holding `scopes`. */
export async function userWithToken(scopes: readonly Scope[] = ALL_SCOPES) {
  people += 1
  const user = await signUp(`api-${people}-${Math.random().toString(36).slice(2)}@example.com`)
  const token = await createToken(user.cookie, { scopes })
  return { ...user, token, secret: token.secret }
}

export function bearer(secret: string): Record<string, string> {
  return { authorization: `Bearer ${secret}` }
}

/** A real HTTP server on a free port in front of a yoga instance (yoga is a Node request listener). */
export async function listen(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

export type ServerSentEvent = { event: string; data: string }

/** The events of a text/event-stream response, read until the server ends the stream. */
export async function readEvents(response: Response): Promise<ServerSentEvent[]> {
  const text = await response.text()
  return text
    .split('\n\n')
    .map((block) => block.split('\n').filter((line) => line && !line.startsWith(':')))
    .filter((lines) => lines.length > 0)
    .map((lines) => ({
      event:
        lines
          .find((line) => line.startsWith('event:'))
          ?.slice(6)
          .trim() ?? 'message',
      data: lines
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trim())
        .join('\n'),
    }))
}

/** A subscription over server-sent events through yoga's own fetch; resolves when the stream ends. */
export async function subscribe(query: string, options: { headers?: Record<string, string>; variables?: Record<string, unknown> } = {}) {
  const response = await getYoga().fetch(`${APP}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...options.headers },
    body: JSON.stringify({ query, variables: options.variables }),
  })
  return { status: response.status, events: await readEvents(response) }
}

/** The `next` payloads of a finished subscription, parsed. */
export function payloads<T>(
  events: ServerSentEvent[],
): { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }[] {
  return events.filter((event) => event.event === 'next').map((event) => JSON.parse(event.data) as { data?: T })
}
