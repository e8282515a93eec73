import SchemaBuilder from '@pothos/core'
import ErrorsPlugin from '@pothos/plugin-errors'
import PrismaPlugin from '@pothos/plugin-prisma'
import RelayPlugin from '@pothos/plugin-relay'
import ScopeAuthPlugin from '@pothos/plugin-scope-auth'
import { prisma } from '#app/.server/db.ts'
import type { ApiScope } from '#app/.server/auth/scopes.ts'
import type PrismaTypes from '#prisma/generated/pothos-types.ts'
import { getDatamodel } from '#prisma/generated/pothos-types.ts'
import type { Context, SignedInContext } from './context.ts'
import CursorReaderPlugin from './cursor-reader-plugin.ts'
import { forbiddenError } from './forbidden.ts'

export const builder = new SchemaBuilder<{
  Context: Context
  PrismaTypes: PrismaTypes
  AuthScopes: {
    signedIn: boolean
    /** Only a browser session, never a token: e.g. managing the tokens themselves. */
    session: boolean
    scope: ApiScope
  }
  // Each scope holds only for someone signed in, so `t.withAuth` hands its resolvers a viewer.
  AuthContexts: { signedIn: SignedInContext; session: SignedInContext; scope: SignedInContext }
  Scalars: { DateTime: { Input: Date; Output: Date }; File: { Input: File; Output: never } }
  DefaultFieldNullability: false
}>({
  // Scope-auth first, so it runs first: an unauthorised request learns nothing from its cursors.
  plugins: [ScopeAuthPlugin, ErrorsPlugin, PrismaPlugin, RelayPlugin, CursorReaderPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (context) => ({
      signedIn: context.viewer !== null,
      session: context.authentication?.method === 'session',
      scope: (scope) => context.authentication?.scopes.includes(scope) ?? false,
    }),
    unauthorizedError: (_parent, context, _info, result) => forbiddenError(context, result.failure),
    // Check a subscription's scopes before it starts following anything, not on each event.
    authorizeOnSubscribe: true,
  },
  // Only the error classes a field lists become data; the rest stay masked.
  errors: {
    defaultTypes: [],
    directResult: true,
    // `<field>Payload`, as GitHub and Shopify name what a mutation returns (docs/decisions/016).
    defaultUnionOptions: {
      name: ({ fieldName }) => `${fieldName[0]!.toUpperCase()}${fieldName.slice(1)}Payload`,
      description: 'The answer: the result, or one of the failures listed (each implements Error; select `... on Error { message }`).',
    },
  },
  prisma: {
    client: prisma,
    dmmf: getDatamodel(),
    onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'warn',
  },
  relay: {
    pageInfoTypeOptions: { description: 'Where a page of a connection sits in the whole list.' },
    hasNextPageFieldOptions: { description: 'Whether there are more items after this page.' },
    hasPreviousPageFieldOptions: { description: 'Whether there are more items before this page.' },
    startCursorFieldOptions: { description: "The first item's cursor: pass it as `before` for the page before." },
    endCursorFieldOptions: { description: "The last item's cursor: pass it as `after` for the next page." },
    firstArgOptions: { description: 'How many items after `after` (at most 100).' },
    lastArgOptions: { description: 'How many items before `before` (at most 100).' },
    afterArgOptions: { description: 'A cursor from a previous page (pageInfo.endCursor).' },
    beforeArgOptions: { description: 'A cursor from a previous page (pageInfo.startCursor).' },
    cursorFieldOptions: { description: "This item's place in the list, for `after` or `before`." },
    nodeFieldOptions: { description: 'The item.' },
    edgesFieldOptions: { description: 'The items of this page, each with its cursor.' },
    pageInfoFieldOptions: { description: 'Where this page sits, and the cursors to the next and previous.' },
  },
})

builder.queryType({ description: 'What you can read: your connections, posts and tokens.' })
builder.mutationType({ description: 'What you can do. Each mutation takes one `input` and answers a `<mutation>Payload` union.' })
builder.subscriptionType({ description: 'What you can follow live, over server-sent events.' })
