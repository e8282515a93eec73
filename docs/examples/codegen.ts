import type { CodegenConfig } from '@graphql-codegen/cli'

// Your own project's codegen.ts: point `schema` at your copy of Duopost's graphql/schema.graphql
// and `documents` at your operations, then `npx graphql-codegen --config codegen.ts`.
const config: CodegenConfig = {
  schema: 'graphql/schema.graphql',
  generates: {
    'docs/examples/gql/': {
      documents: ['docs/examples/*.graphql'],
      preset: 'client',
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string', File: 'File' } },
    },
  },
}

export default config
