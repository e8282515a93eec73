import { GraphQLError, type ValidationRule } from 'graphql'
import type { Plugin } from 'graphql-yoga'
import type { Env } from '#app/.server/env.ts'

/** GRAPHQL_INTROSPECTION decides; without it, introspection is on everywhere but production. */
export function introspectionEnabled(env: Pick<Env, 'NODE_ENV' | 'GRAPHQL_INTROSPECTION'>): boolean {
  return env.GRAPHQL_INTROSPECTION ?? env.NODE_ENV !== 'production'
}

// __schema and __type are the only entry points into introspection (__typename is harmless and
// needed by clients), and the names are reserved, so checking the name is enough.
const NoIntrospection: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value !== '__schema' && node.name.value !== '__type') return
    context.reportError(
      new GraphQLError(
        `Introspection is turned off on this server, so "${node.name.value}" cannot be queried. Generate clients from the published schema, graphql/schema.graphql (see docs/api.md); the server's administrator can turn introspection on with GRAPHQL_INTROSPECTION=1.`,
        { nodes: node, extensions: { code: 'INTROSPECTION_DISABLED' } },
      ),
    )
  },
})

export function useDisableIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoIntrospection)
    },
  }
}
