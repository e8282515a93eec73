import SchemaBuilder from '@pothos/core'
import ErrorsPlugin from '@pothos/plugin-errors'
import PrismaPlugin from '@pothos/plugin-prisma'
import RelayPlugin from '@pothos/plugin-relay'
import ScopeAuthPlugin from '@pothos/plugin-scope-auth'
import { prisma } from '#app/.server/db.ts'
import type { ApiScope } from '#app/.server/auth/scopes.ts'
import type PrismaTypes from '#prisma/generated/pothos-types.ts'
import { getDatamodel } from '#prisma/generated/pothos-types.ts'
import type { Context } from './context.ts'
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
  Scalars: { DateTime: { Input: Date; Output: Date } }
  DefaultFieldNullability: false
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, PrismaPlugin, RelayPlugin],
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
    defaultUnionOptions: { name: ({ fieldName }) => `${fieldName[0]!.toUpperCase()}${fieldName.slice(1)}Payload` },
  },
  prisma: {
    client: prisma,
    dmmf: getDatamodel(),
    onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'warn',
  },
  relay: {},
})

builder.queryType({})
builder.mutationType({})
builder.subscriptionType({})
