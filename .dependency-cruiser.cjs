// The layer rules between folders (`npm run lint:layers`, part of `npm run validate`). ESLint
// (eslint.config.js) holds the rule that browser code imports only types from server-only modules;
// .dependency-cruiser-areas.cjs the rule against cycles between the areas of app/.server.
// An "area" is a folder directly under app/.server (accounts, auth, http, jobs, platforms,
// publishing); the loose modules in app/.server itself (env.ts, db.ts, boss.ts, log.ts, ...) are
// shared by all of them. From the top down (docs/decisions/014-one-way-layers.md):
//   server/ (the processes) -> routes -> graphql/ -> app/.server: jobs -> publishing -> accounts -> platforms -> prisma/
// with app/shared/ (rules and wording the browser and the services both use) beside them all.

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
      name: 'nothing-imports-server',
      comment:
        'server/ holds the process entry points (npm start, npm run worker, ...): it starts the app, ' +
        'so nothing in the app depends on it. Tests may, to start what they test.',
      severity: 'error',
      from: { pathNot: ['^server/', '^tests/'] },
      to: { path: '^server/' },
    },
    {
      name: 'services-below-the-ui',
      comment:
        'app/.server serves the UI and never reaches back into it: of app/ outside app/.server it ' +
        'may use only app/shared (rules and wording written once for both).',
      severity: 'error',
      from: { path: '^app/\\.server/' },
      to: { path: '^app/', pathNot: ['^app/\\.server/', '^app/shared/'] },
    },
    {
      name: 'shared-imports-only-shared',
      comment: 'app/shared runs in the browser and on the server alike, so it uses nothing else of the project.',
      severity: 'error',
      from: { path: '^app/shared/' },
      to: { path: '^(app|graphql|prisma|sandbox|server|tests)/', pathNot: '^app/shared/' },
    },
    {
      name: 'routes-ask-services',
      comment: 'Routes call the services (or the GraphQL API); the queries are written in app/.server, not in routes.',
      severity: 'error',
      from: { path: '^app/routes/' },
      to: { path: ['^app/\\.server/db\\.ts$', '^prisma/'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'prisma-below-the-app',
      comment: 'prisma/ (schema, migrations, the migration runner) is the bottom layer: it imports nothing of the app.',
      severity: 'error',
      from: { path: '^prisma/' },
      to: { path: '^(app|graphql|sandbox|server|tests)/' },
    },
    {
      name: 'sandbox-only-in-sandbox-mode',
      comment:
        'The Meta sandbox is a development tool. The app never imports it; server/sandbox-mode.ts ' +
        'loads it with a dynamic import once sandbox mode is on, so a configured process never loads it.',
      severity: 'error',
      from: { path: '^(app|graphql|prisma|server)/', pathNot: '^server/sandbox-mode\\.ts$' },
      to: { path: '^sandbox/', dependencyTypesNot: ['type-only', 'type-import'] },
    },
    {
      name: 'sandbox-loaded-on-demand',
      comment: 'server/sandbox-mode.ts may load the sandbox only with a dynamic import (types are erased).',
      severity: 'error',
      from: { path: '^server/sandbox-mode\\.ts$' },
      to: { path: '^sandbox/', dependencyTypesNot: ['type-only', 'type-import', 'dynamic-import'] },
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
