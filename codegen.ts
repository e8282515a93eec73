import type { CodegenConfig } from '@graphql-codegen/cli'

// Typed documents for the operations the dashboard runs, generated from the committed schema so
// that codegen needs no running server. `npm run codegen` rewrites app/gql/.
const config: CodegenConfig = {
  schema: 'graphql/schema.graphql',
  documents: ['app/**/*.graphql'],
  ignoreNoDocuments: true,
  generates: {
    'app/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string' },
        strictScalars: true,
      },
    },
  },
}

export default config
