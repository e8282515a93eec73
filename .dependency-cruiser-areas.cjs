// No cycles between the areas of app/.server (run by `npm run lint:layers`). It is a rule on the
// folder graph, so it gets its own run over app/.server alone: over the whole tree, folder cycles
// through app/ and graphql/ would be reported too, and those are not area cycles.
const { options } = require('./.dependency-cruiser.cjs')

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-area-cycles',
      comment:
        'The areas of app/.server must form a hierarchy (platforms <- accounts <- publishing <- jobs). ' +
        'TODO(issue 13, part 2): accounts, jobs and publishing still import each other; once the ' +
        'one-way layers land, raise this to "error".',
      severity: 'warn',
      scope: 'folder',
      from: { path: '^app/\\.server/[^/]+$' },
      to: { path: '^app/\\.server/[^/]+$', circular: true },
    },
  ],
  options: { ...options, includeOnly: '^app/\\.server/' },
}
