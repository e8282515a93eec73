import type { CodegenConfig } from '@graphql-codegen/cli'
import apiExample from './docs/examples/codegen.ts'

// Typed documents generated from the committed schema, so that codegen needs no running server:
// the operations the dashboard runs, and those of the API example that docs/api.md shows (its
// config is the one a third party would write). `npm run codegen` rewrites both.
const config: CodegenConfig = {
  schema: 'graphql/schema.graphql',
  ignoreNoDocuments: true,
  generates: {
    'app/gql/': {
      documents: ['app/**/*.graphql'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', File: 'File' },
        strictScalars: true,
      },
    },
    ...apiExample.generates,
  },
}

export default config
