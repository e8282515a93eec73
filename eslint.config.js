// ESLint: rules that catch real bugs (unhandled promises, hook misuse, unused code, imports that
// do not resolve or are not declared). Formatting is Prettier's job; import cycles and the layer
// rules between folders are dependency-cruiser's (.dependency-cruiser.cjs, `npm run lint:layers`).
import js from '@eslint/js'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import { importX } from 'eslint-plugin-import-x'
import react from 'eslint-plugin-react'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** Server-only modules, by Remix's conventions: `*.server.*` files and anything under a `.server/` folder. */
const SERVER_ONLY = ['**/*.server', '**/*.server.*', '**/.server/*', '**/.server/**']

export default tseslint.config(
  {
    ignores: [
      'build/',
      '.data/',
      'node_modules/',
      'prisma/generated/',
      'app/gql/',
      'docs/examples/gql/',
      'tests/fixtures/',
      'public/build/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
    },
    rules: {
      // Promises nobody awaits lose their errors; `void` marks the deliberate ones.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Remix loaders and actions throw redirects and responses by design.
      '@typescript-eslint/only-throw-error': [
        'error',
        {
          allow: [
            { from: 'lib', name: 'Response' },
            { from: 'package', package: '@remix-run/server-runtime', name: 'TypedResponse' },
          ],
        },
      ],
      // A File from a form field stringifies as "[object File]", which the field checks then reject.
      '@typescript-eslint/no-base-to-string': ['error', { ignoredTypeNames: ['Error', 'RegExp', 'URL', 'URLSearchParams', 'File'] }],
      // Module augmentation (`interface AppLoadContext extends DuopostLoadContext {}`) is how Remix is typed.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // An async method that does not await still honours an async interface; not a bug.
      '@typescript-eslint/require-await': 'off',
      // tsc's noFallthroughCasesInSwitch checks this with types (it knows process.exit never returns).
      'no-fallthrough': 'off',
      'import-x/no-unresolved': 'error',
      'import-x/no-duplicates': 'error',
      'import-x/no-self-import': 'error',
      'import-x/no-useless-path-segments': 'error',
      'import-x/no-extraneous-dependencies': [
        'error',
        {
          devDependencies: [
            'tests/**',
            'sandbox/**',
            'docs/**',
            '**/*.test.ts',
            '**/*.test.tsx',
            'vite.config.ts',
            'codegen.ts',
            'eslint.config.js',
            'graphql/print-schema.ts',
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.tsx'],
    ...react.configs.flat.recommended,
    ...react.configs.flat['jsx-runtime'],
    languageOptions: {
      ...react.configs.flat.recommended.languageOptions,
      globals: { ...globals.browser, ...globals.node },
    },
    plugins: { react, 'react-hooks': reactHooks },
    settings: { react: { version: 'detect' } },
    rules: {
      ...react.configs.flat.recommended.rules,
      ...react.configs.flat['jsx-runtime'].rules,
      'react/prop-types': 'off',
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Code that reaches the browser: components, hooks, app/shared and the modules beside the routes
    // (app/root.tsx is a route module, with a loader).
    // Only types may come from server-only modules here (they are erased). Routes are left to
    // Remix's Vite plugin, which strips loaders and actions and then fails the build if a server
    // module is still in the client bundle.
    files: ['app/components/**', 'app/hooks/**', 'app/shared/**', 'app/*.ts', 'app/*.tsx'],
    ignores: ['app/**/*.server.*', 'app/.server/**', 'app/root.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: SERVER_ONLY,
              allowTypeImports: true,
              message: 'Server-only module: browser code may import only its types (`import type`).',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests read JSON bodies and use vitest's asymmetric matchers (expect.any(...)), which are `any`.
    files: ['tests/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Test servers hand async handlers to node:http and vitest hooks; vitest reports their rejections.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
)
