import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import type { SandboxControl } from '../../sandbox/control-client.ts'
import { callMeta, metaFixture, THREADS_REDIRECT, useSandbox } from './helpers.ts'

// Meta's own Threads Postman collection, run by newman against the sandbox.
const COLLECTION_PATH = metaFixture('threads-api.postman_collection.json')

/** Folders (or single requests) of the collection this suite runs, in collection order. */
const RUN = {
  authorization: ['Exchange the Code For a Token', 'Get Long-Lived Access Token', 'Get App Access Token'],
  refresh: ['Refresh Access Token'],
  publishingAndReading: [
    'Single Threads Posts',
    'Carousel Threads Posts',
    'Quote Threads Posts',
    'Retrieve Threads Profiles',
    'Retrieve Threads Media Objects',
    'Delete Threads Media Objects',
    'Troubleshooting',
  ],
}

/** Folders this suite does not run; the sandbox does not serve these endpoints. */
const SKIPPED_FOLDERS = [
  'Repost Threads Posts',
  'Location Search and Retrieval',
  'Read and Manage Threads Replies',
  'Read Replies Media Objects',
  'Read Threads Insights',
  'Discover Threads',
  'Display Threads',
]

interface PostmanVariable {
  key: string
  value: string
}

interface PostmanItem {
  name: string
  item?: PostmanItem[]
  response?: { body?: string }[]
}

interface Collection {
  item: PostmanItem[]
  variable: PostmanVariable[]
  auth: { type: string; oauth2: PostmanVariable[] }
}

interface Execution {
  item: { name: string }
  response?: { code: number; stream?: Buffer }
}

interface RunSummary {
  run: { failures: { error: { message: string }; at: string; source?: { name: string } }[]; executions: Execution[] }
}

type NewmanRun = (options: Record<string, unknown>, callback: (error: Error | null, summary: RunSummary) => void) => void

const newman = createRequire(import.meta.url)('newman') as { run: NewmanRun }

function loadCollection(): Collection {
  return JSON.parse(readFileSync(COLLECTION_PATH, 'utf8')) as Collection
}

function folderNames(items: PostmanItem[]): string[] {
  return items.flatMap((item) => (item.item ? [item.name, ...folderNames(item.item)] : []))
}

function requests(items: PostmanItem[]): PostmanItem[] {
  return items.flatMap((item) => (item.item ? requests(item.item) : [item]))
}

/**
 * Sets the collection's variables, and the OAuth 2.0 access token that Postman's "Get New Access
 * Token" helper would store, then runs the named folders or requests.
 */
function runCollection(variables: Record<string, string>, accessToken: string, folder: string[]): Promise<RunSummary> {
  const collection = loadCollection()
  for (const variable of collection.variable) {
    if (variable.key in variables) variable.value = variables[variable.key] ?? ''
  }
  collection.auth.oauth2.push({ key: 'accessToken', value: accessToken })
  return new Promise((resolve, reject) => {
    newman.run({ collection, folder, reporters: [], timeoutRequest: 10_000 }, (error, summary) =>
      error ? reject(error) : resolve(summary),
    )
  })
}

/** Meta's example answer for each request, when it gave one that parses as JSON. */
function exampleBodies(): Map<string, Record<string, unknown>> {
  const examples = new Map<string, Record<string, unknown>>()
  for (const item of requests(loadCollection().item)) {
    try {
      const parsed: unknown = JSON.parse(item.response?.[0]?.body ?? '')
      if (parsed && typeof parsed === 'object') examples.set(item.name, parsed as Record<string, unknown>)
    } catch {
      // Meta left several examples empty or as pseudo-JSON
    }
  }
  return examples
}

function jsonType(value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value
}

// Meta's documentation shows the code exchange's user_id as a bare number; the Postman example
// has the placeholder "string". The sandbox follows the documentation.
const KNOWN_TYPE_DIFFERENCES = new Set(['Exchange the Code For a Token.user_id'])

/** Each request answered 200 with JSON whose keys, where Meta's example has them too, match its types. */
function expectConformant(summary: RunSummary, expectedRequests: number): void {
  expect(summary.run.failures.map((failure) => `${failure.source?.name ?? '?'}: ${failure.at}: ${failure.error.message}`)).toEqual([])
  expect(summary.run.executions).toHaveLength(expectedRequests)
  const examples = exampleBodies()
  for (const execution of summary.run.executions) {
    const name = execution.item.name
    const text = execution.response?.stream?.toString('utf8') ?? ''
    expect(execution.response?.code, `${name}: ${text}`).toBe(200)
    const body = JSON.parse(text) as Record<string, unknown>
    expect(body.error, name).toBeUndefined()
    const example = examples.get(name)
    for (const [key, value] of Object.entries(example ?? {})) {
      if (key in body && !KNOWN_TYPE_DIFFERENCES.has(`${name}.${key}`)) expect(jsonType(body[key]), `${name}.${key}`).toBe(jsonType(value))
    }
  }
}

async function approveThreadsConsent(url: string, appId: string, personId: string): Promise<string> {
  const consent = await callMeta(url, 'POST', '/oauth/authorize', {
    form: {
      client_id: appId,
      redirect_uri: THREADS_REDIRECT,
      scope: 'threads_basic,threads_content_publish',
      response_type: 'code',
      person_id: personId,
      decision: 'approve',
    },
  })
  const location = new URL(consent.headers.get('location') ?? '')
  return location.searchParams.get('code') ?? ''
}

async function publishedTextPost(url: string, token: string): Promise<string> {
  const created = await callMeta<{ id: string }>(url, 'POST', '/v1.0/me/threads', {
    query: { media_type: 'TEXT', text: 'A post to quote', auto_publish_text: 'true', access_token: token },
  })
  return created.body.id
}

async function containerReadyToPublish(url: string, token: string): Promise<string> {
  const created = await callMeta<{ id: string }>(url, 'POST', '/v1.0/me/threads', {
    query: { media_type: 'TEXT', text: 'Waiting to be published', access_token: token },
  })
  return created.body.id
}

async function world(control: SandboxControl) {
  const app = await control.registerApp({
    platform: 'threads',
    id: '1234567890',
    secret: 'postman-secret',
    redirectUris: ['https://www.domain.com/login', THREADS_REDIRECT],
  })
  const person = await control.createPerson({ name: 'Postman Tester', threads: { username: 'postman_tester' } })
  await control.createPerson({ name: 'Threads', threads: { username: 'threads', isVerified: true } })
  // The collection publishes video without waiting, so processing is instant for this run.
  await control.configure({ processingMs: { TEXT: 0, IMAGE: 0, VIDEO: 0, CAROUSEL: 0 } })
  return { app, person }
}

describe("Meta's Threads Postman collection against the sandbox", () => {
  const sandbox = useSandbox()

  it('names every folder it runs or skips', () => {
    const folders = folderNames(loadCollection().item)
    for (const name of [...RUN.publishingAndReading, ...SKIPPED_FOLDERS]) expect(folders).toContain(name)
    const requestNames = requests(loadCollection().item).map((item) => item.name)
    for (const name of [...RUN.authorization, ...RUN.refresh]) expect(requestNames).toContain(name)
  })

  it('passes the Authorization requests', { timeout: 60_000 }, async () => {
    const { control, url } = sandbox
    const { app, person } = await world(control)
    const code = await approveThreadsConsent(url, app.id, person.id)
    const shortLived = await control.issueToken({ appId: app.id, personId: person.id, lifetime: 'short' })
    const variables = {
      api_host: url,
      authorization_host: url,
      app_id: app.id,
      app_secret: app.secret,
      code,
      redirect_uri: THREADS_REDIRECT,
    }
    expectConformant(await runCollection(variables, shortLived.accessToken, RUN.authorization), 3)

    const longLived = await control.issueToken({ appId: app.id, personId: person.id, lifetime: 'long' })
    await control.advanceClock({ hours: 25 })
    expectConformant(await runCollection(variables, longLived.accessToken, RUN.refresh), 1)
  })

  it('passes the publishing, profile, media retrieval, deletion and Troubleshooting requests', { timeout: 60_000 }, async () => {
    const { control, url } = sandbox
    const { app, person } = await world(control)
    const { accessToken } = await control.issueToken({ appId: app.id, personId: person.id })
    const variables = {
      api_host: url,
      app_id: app.id,
      app_secret: app.secret,
      auto_save_variables: 'true',
      image_url: control.sampleMediaUrl('sample.png'),
      video_url: control.sampleMediaUrl('sample.mp4'),
      quote_post_id: await publishedTextPost(url, accessToken),
      input_token: accessToken,
    }
    const summary = await runCollection(variables, accessToken, RUN.publishingAndReading)
    expectConformant(summary, 4 + 4 + 2 + 2 + 3 + 1 + 3)
    const published = await control.posts({ platform: 'threads' })
    expect(published.map((post) => (post.platform === 'threads' ? post.mediaType : post.platform))).toEqual([
      'TEXT_POST',
      'TEXT_POST',
      'VIDEO',
      'CAROUSEL_ALBUM',
      'TEXT_POST',
    ])
    expect(published.filter((post) => post.deletedAt !== null)).toHaveLength(1)
  })

  it('reports a container as FINISHED the way the Troubleshooting example shows', async () => {
    const { control, url } = sandbox
    const { app, person } = await world(control)
    const { accessToken } = await control.issueToken({ appId: app.id, personId: person.id })
    const containerId = await containerReadyToPublish(url, accessToken)
    const summary = await runCollection({ api_host: url, container_id: containerId, input_token: accessToken }, accessToken, [
      'Troubleshooting',
    ])
    expectConformant(summary, 3)
    const status = JSON.parse(summary.run.executions[0]?.response?.stream?.toString('utf8') ?? '{}') as Record<string, unknown>
    expect(status).toEqual({ id: containerId, status: 'FINISHED' })
  })
})
