import { beforeAll, describe, expect, it } from 'vitest'
import { createApiToken } from '#app/.server/auth/api-tokens.ts'
import { schema } from '#graphql/schema.ts'
import { signUp } from '#tests/auth/helpers.ts'
import { graphql, type GraphQLResult } from '#tests/graphql/helpers.ts'
import { ALL_SCOPES, bearer, payloads, subscribe, type Scope } from './helpers.ts'

/**
 * What each root field needs and a harmless document that reaches it. A field added to the schema
 * without a row here fails the first test: decide its scope, then add it.
 */
const FIELDS: Record<string, { needs: Scope | 'session' | null; document: string }> = {
  'Query.viewer': { needs: null, document: '{ viewer { id } }' },
  'Query.connections': { needs: 'READ', document: '{ connections { threadsAvailable } }' },
  'Query.post': { needs: 'READ', document: '{ post(id: "none") { id } }' },
  'Query.posts': { needs: 'READ', document: '{ posts(first: 1) { edges { cursor } } }' },
  'Query.apiTokens': { needs: 'session', document: '{ apiTokens { id } }' },
  'Mutation.connectThreads': { needs: 'CONNECTIONS', document: 'mutation { connectThreads { __typename } }' },
  'Mutation.connectFacebook': { needs: 'CONNECTIONS', document: 'mutation { connectFacebook { __typename } }' },
  'Mutation.disconnect': {
    needs: 'CONNECTIONS',
    document: 'mutation { disconnect(input: { provider: THREADS, accountId: "none" }) { __typename } }',
  },
  'Mutation.publishPost': {
    needs: 'PUBLISH',
    document: 'mutation { publishPost(input: { platforms: [THREADS], content: { text: "" } }) { __typename } }',
  },
  'Mutation.retryPublishTargets': {
    needs: 'PUBLISH',
    document: 'mutation { retryPublishTargets(input: { postId: "none" }) { __typename } }',
  },
  'Mutation.cancelPost': { needs: 'PUBLISH', document: 'mutation { cancelPost(input: { postId: "none" }) { __typename } }' },
  'Mutation.reschedulePost': {
    needs: 'PUBLISH',
    document: 'mutation { reschedulePost(input: { postId: "none", scheduledAt: "2030-01-01T00:00:00Z" }) { __typename } }',
  },
  'Mutation.uploadMedia': { needs: 'PUBLISH', document: 'mutation { uploadMedia(input: {}) { __typename } }' },
  'Mutation.createMediaFromUrl': {
    needs: 'PUBLISH',
    document: 'mutation { createMediaFromUrl(input: { url: "https://10.0.0.1/a.png" }) { __typename } }',
  },
  'Query.mediaItems': { needs: 'READ', document: '{ mediaItems(ids: []) { id } }' },
  'Mutation.createApiToken': {
    needs: 'session',
    document: 'mutation { createApiToken(input: { name: "x", scopes: [READ], password: "x" }) { __typename } }',
  },
  'Mutation.revokeApiToken': { needs: 'session', document: 'mutation { revokeApiToken(input: { id: "none" }) { __typename } }' },
  'Query.upcomingPosts': { needs: 'READ', document: '{ upcomingPosts(first: 1) { edges { cursor } } }' },
  'Query.connectionFailures': { needs: 'READ', document: '{ connectionFailures { accountId } }' },
  'Mutation.publishPostNow': { needs: 'PUBLISH', document: 'mutation { publishPostNow(input: { postId: "none" }) { __typename } }' },
  'Mutation.editScheduledPost': {
    needs: 'PUBLISH',
    document:
      'mutation { editScheduledPost(input: { postId: "none", platforms: [THREADS], content: { text: "x" }, scheduledAt: "2030-01-01T00:00:00Z" }) { __typename } }',
  },
  'Mutation.retryConnectionFailures': {
    needs: 'PUBLISH',
    document: 'mutation { retryConnectionFailures(input: { accountId: "none" }) { __typename } }',
  },
  'Query.draft': { needs: 'READ', document: '{ draft(id: "none") { id } }' },
  'Query.drafts': { needs: 'READ', document: '{ drafts(first: 1) { edges { cursor } } }' },
  'Mutation.createDraft': { needs: 'PUBLISH', document: 'mutation { createDraft(input: { content: { text: "x" } }) { __typename } }' },
  'Mutation.updateDraft': { needs: 'PUBLISH', document: 'mutation { updateDraft(input: { draftId: "none" }) { __typename } }' },
  'Mutation.deleteDraft': { needs: 'PUBLISH', document: 'mutation { deleteDraft(input: { draftId: "none" }) { __typename } }' },
  'Mutation.publishDraft': { needs: 'PUBLISH', document: 'mutation { publishDraft(input: { draftId: "none" }) { __typename } }' },
  'Mutation.editPublishedTarget': {
    needs: 'PUBLISH',
    document: 'mutation { editPublishedTarget(input: { targetId: "none", text: "x" }) { __typename } }',
  },
  'Mutation.deletePublishedTarget': {
    needs: 'PUBLISH',
    document: 'mutation { deletePublishedTarget(input: { targetId: "none" }) { __typename } }',
  },
  // The zone shapes how scheduled times are shown and taken, so it goes with publishing.
  'Mutation.updateTimeZone': { needs: 'PUBLISH', document: 'mutation { updateTimeZone(input: { timeZone: "UTC" }) { __typename } }' },
  'Query.webhookEndpoints': { needs: 'WEBHOOKS', document: '{ webhookEndpoints { id } }' },
  'Mutation.createWebhookEndpoint': {
    needs: 'WEBHOOKS',
    document: 'mutation { createWebhookEndpoint(input: { url: "nope", events: [POST_FAILED] }) { __typename } }',
  },
  'Mutation.updateWebhookEndpoint': {
    needs: 'WEBHOOKS',
    document: 'mutation { updateWebhookEndpoint(input: { id: "none", paused: true }) { __typename } }',
  },
  'Mutation.deleteWebhookEndpoint': {
    needs: 'WEBHOOKS',
    document: 'mutation { deleteWebhookEndpoint(input: { id: "none" }) { __typename } }',
  },
  'Mutation.replayWebhookDelivery': {
    needs: 'WEBHOOKS',
    document: 'mutation { replayWebhookDelivery(input: { id: "none" }) { __typename } }',
  },
  'Subscription.postUpdated': { needs: 'READ', document: 'subscription { postUpdated(id: "none") { __typename } }' },
}

type Outcome = Pick<GraphQLResult['body'], 'data' | 'errors'>

async function run(coordinate: string, headers: Record<string, string>): Promise<Outcome> {
  const { document } = FIELDS[coordinate]!
  if (coordinate.startsWith('Subscription.')) {
    const [first] = payloads<Record<string, unknown>>((await subscribe(document, { headers })).events)
    return first ?? {}
  }
  return (await graphql(document, { headers })).body
}

const forbidden = (outcome: Outcome) => outcome.errors?.find((error) => error.extensions?.code === 'FORBIDDEN')

/** Every non-empty set of scopes a token can hold. */
const SCOPE_SETS: Scope[][] = Array.from({ length: 2 ** ALL_SCOPES.length - 1 }, (_, index) =>
  ALL_SCOPES.filter((_, i) => (index + 1) & (1 << i)),
)

const tokens = new Map<string, string>()

beforeAll(async () => {
  const { userId } = await signUp('scopes@example.com')
  // Made directly: fifteen password confirmations in a row would trip the wrong-password limit.
  for (const scopes of SCOPE_SETS) {
    const input = { name: scopes.join('+'), scopes: scopes.map((scope) => scope.toLowerCase()) }
    tokens.set(scopes.join('+'), (await createApiToken(userId, input)).secret)
  }
})

describe('scopes', () => {
  it('has a row for every root field of the schema', () => {
    const coordinates = (['Query', 'Mutation', 'Subscription'] as const).flatMap((root) => {
      const type = root === 'Query' ? schema.getQueryType() : root === 'Mutation' ? schema.getMutationType() : schema.getSubscriptionType()
      return Object.keys(type?.getFields() ?? {}).map((field) => `${root}.${field}`)
    })
    expect(Object.keys(FIELDS).sort()).toEqual(coordinates.sort())
  })

  for (const [coordinate, { needs }] of Object.entries(FIELDS)) {
    it(`${coordinate}: ${needs === null ? 'any token' : needs === 'session' ? 'a browser session only' : `tokens with ${needs}`}`, async () => {
      for (const scopes of SCOPE_SETS) {
        const outcome = await run(coordinate, bearer(tokens.get(scopes.join('+'))!))
        const allowed = needs === null || (needs !== 'session' && scopes.includes(needs))
        if (allowed) {
          expect(forbidden(outcome), `${scopes.join('+')} should be allowed`).toBeUndefined()
          expect(outcome.errors, `${scopes.join('+')}: ${JSON.stringify(outcome.errors)}`).toBeUndefined()
        } else if (needs === 'session') {
          expect(forbidden(outcome)?.message).toMatch(/^Only a signed-in browser session can use this field/)
        } else {
          expect(forbidden(outcome), `${scopes.join('+')} lacks ${needs}`).toMatchObject({
            message: `This access token lacks the "${needs.toLowerCase()}" scope this field needs. Create a token with it under Settings → API tokens.`,
            extensions: { code: 'FORBIDDEN', missingScopes: [needs.toLowerCase()] },
          })
        }
      }
    })
  }

  it('refuses every field but viewer to a caller who is not signed in', async () => {
    for (const [coordinate, { needs }] of Object.entries(FIELDS)) {
      const outcome = await run(coordinate, {})
      if (needs === null) continue
      expect(forbidden(outcome)?.message, coordinate).toBe('Sign in, or send an access token, to use this field.')
    }
  })
})
