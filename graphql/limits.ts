import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor'
import { GraphQLError } from 'graphql'

/**
 * What one GraphQL document may ask for. Measured on Duopost's own operations: the deepest (posts
 * → edges → node → targets → error → kind) is 6 levels, the dashboard's largest document has 314
 * tokens, and a page of 100 posts with every field costs about 17,500 points (armor's model:
 * objects 2, scalars 1, ×1.5 per level, × a literal `first`/`last`). The limits leave room above
 * that without letting one request do unbounded work. docs/api.md lists them; change both together.
 */
export const DOCUMENT_LIMITS = {
  maxDepth: 8,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 1000,
  maxCost: 20_000,
} as const

export type DocumentLimit = keyof typeof DOCUMENT_LIMITS
type RejectCallback = NonNullable<NonNullable<NonNullable<Parameters<typeof EnvelopArmorPlugin>[0]>['maxDepth']>['onReject']>[number]

/**
 * graphql-armor's own errors read "Syntax Error: …" and carry no code. Ours name the limit and its
 * value in words and in `extensions`, so a program can tell a limit from a mistake. Validation
 * limits are reported like any other validation error; the token limit is hit while parsing,
 * where there is no validation context, so it is thrown.
 */
function rejectWith(limit: DocumentLimit): RejectCallback {
  return (validation, error) => {
    const limited = new GraphQLError(`${error.message.replace(/^Syntax Error: /, '')} Split the operation into smaller ones.`, {
      extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit, allowed: DOCUMENT_LIMITS[limit] },
    })
    if (!validation) throw limited
    validation.reportError(limited)
  }
}

const guarded = (limit: DocumentLimit) => ({ propagateOnRejection: false, onReject: [rejectWith(limit)] })

/** Depth, alias, directive, token and cost limits on every document, checked before it runs. */
export function useDocumentLimits(options: { hideSuggestions: boolean }) {
  return EnvelopArmorPlugin({
    maxDepth: { n: DOCUMENT_LIMITS.maxDepth, flattenFragments: true, ...guarded('maxDepth') },
    maxAliases: { n: DOCUMENT_LIMITS.maxAliases, ...guarded('maxAliases') },
    maxDirectives: { n: DOCUMENT_LIMITS.maxDirectives, ...guarded('maxDirectives') },
    maxTokens: { n: DOCUMENT_LIMITS.maxTokens, ...guarded('maxTokens') },
    costLimit: { maxCost: DOCUMENT_LIMITS.maxCost, flattenFragments: true, ...guarded('maxCost') },
    // "Did you mean …" reveals field names; it only helps where introspection shows them anyway.
    blockFieldSuggestion: { enabled: options.hideSuggestions },
  })
}
