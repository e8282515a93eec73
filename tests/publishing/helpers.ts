import { prisma } from '#app/.server/db.ts'
import { signUp } from '#tests/auth/helpers.ts'
import { connectionsOf, connectThrough } from '#tests/connections/helpers.ts'
import { graphql } from '#tests/graphql/helpers.ts'
import type { MetaSandbox } from '#tests/meta-sandbox.ts'
import type { SandboxPerson } from '../../sandbox/control-types.ts'

let users = 0

/** A Duopost user with Threads and `pages` Facebook Pages connected through the sandbox. */
export async function connectedUser(meta: MetaSandbox, options: { threads?: boolean; pages?: number } = {}) {
  const { threads = true, pages = 0 } = options
  users += 1
  const user = await signUp(`publisher-${users}-${Math.random().toString(36).slice(2)}@example.com`)
  const person: SandboxPerson = await meta.control.createPerson({ name: `Person ${users}`, threads, pages, signIn: true })
  if (threads) await connectThrough('Threads', user.cookie)
  if (pages > 0) await connectThrough('Facebook', user.cookie, { tick: { page_id: person.pages.map((page) => page.id) } })
  const connections = await connectionsOf(user.cookie)
  return { ...user, person, connections, pageIds: person.pages.map((page) => page.id) }
}

export const PUBLISH = `mutation ($input: PublishPostInput!) {
  publishPost(input: $input) {
    __typename
    ... on PublishPostResult {
      success
      partial
      results { targetId platform success status postId permalink pageName error action }
      post { id status text imageUrl targets { id platform accountName pageId status postId permalink attempts nextAttemptAt error { kind message action retryable retryAfter metaCode metaSubcode } } }
    }
    ... on InvalidInputError { message issues { field message } }
    ... on Error { message }
  }
}`

export type PublishResultData = {
  __typename: string
  message?: string
  issues?: { field: string; message: string }[]
  success?: boolean
  partial?: boolean
  results?: {
    targetId: string
    platform: string
    success: boolean
    status: string
    postId: string | null
    permalink: string | null
    pageName: string | null
    error: string | null
    action: string | null
  }[]
  post?: {
    id: string
    status: string
    targets: {
      id: string
      platform: string
      accountName: string
      pageId: string | null
      status: string
      postId: string | null
      permalink: string | null
      attempts: number
      nextAttemptAt: string | null
      error: null | {
        kind: string
        message: string
        action: string
        retryable: boolean
        retryAfter: string | null
        metaCode: number | null
        metaSubcode: number | null
      }
    }[]
  }
}

export type PublishInput = {
  platforms: ('THREADS' | 'FACEBOOK')[]
  content: {
    text?: string
    imageUrl?: string
    link?: string
    threadsText?: string
    facebookText?: string
    pageTexts?: { pageId: string; text?: string }[]
  }
  facebookPageIds?: string[]
  idempotencyKey?: string
  scheduledAt?: string
  allOrNothing?: boolean
  media?: { mediaId: string; altText?: string }[]
}

export async function publish(cookie: string, input: PublishInput): Promise<PublishResultData> {
  const result = await graphql<{ publishPost: PublishResultData }>(PUBLISH, { cookie, variables: { input } })
  if (result.body.errors) throw new Error(JSON.stringify(result.body.errors))
  return result.body.data!.publishPost
}

export async function targetRows(postId: string) {
  return prisma.publishTarget.findMany({ where: { postId }, orderBy: { accountName: 'asc' } })
}
