// The layer rules between folders (`npm run lint:layers`, part of `npm run validate`). ESLint
// (eslint.config.js) holds the rule that browser code imports only types from server-only modules;
// .dependency-cruiser-areas.cjs the rule against cycles between the areas of app/.server.
// An "area" is a folder directly under app/.server (accounts, auth, jobs, platforms, publishing);
// the loose modules in app/.server itself (env.ts, db.ts, log.ts, ...) are shared by all of them.

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-file-cycles',
      comment: 'Modules that import each other (directly or round a loop) load in an order nobody chose.',
      severity: 'error',
      from: {},
      // Type-only imports are erased before anything loads.
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'services-below-api-and-routes',
      comment: 'app/.server is the service layer: the GraphQL API and the routes call it, never the reverse.',
      severity: 'error',
      from: { path: '^app/\\.server/' },
      to: { path: ['^graphql/', '^app/routes/'] },
    },
    {
      name: 'platforms-is-a-leaf',
      comment:
        'app/.server/platforms holds the Meta clients: it may use the shared modules of app/.server ' +
        '(env, log) but no other area, so that the clients can be read and tested on their own.',
      severity: 'error',
      from: { path: '^app/\\.server/platforms/' },
      to: { path: '^app/\\.server/[^/]+/', pathNot: '^app/\\.server/platforms/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^prisma/generated/', '^app/gql/', '^docs/examples/gql/', '^tests/fixtures/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
}
