// The areas of app/.server call one way only (run by `npm run lint:layers`; see
// docs/decisions/014-one-way-layers.md): jobs -> publishing -> accounts -> platforms, with auth and
// http beside them and the loose modules of app/.server (env, db, boss, log, ...) below them all.
// The cycle rule is a rule on the folder graph, so it gets its own run over app/.server alone: over
// the whole tree, folder cycles through app/ and graphql/ would be reported too, and those are not
// area cycles.
const { options } = require('./.dependency-cruiser.cjs')

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-area-cycles',
      comment:
        'The areas of app/.server form a hierarchy (platforms <- accounts <- publishing <- jobs): no area imports one that imports it.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^app/\\.server/[^/]+$' },
      to: { path: '^app/\\.server/[^/]+$', circular: true },
    },
    {
      name: 'accounts-below-publishing',
      comment:
        'accounts (connections and their tokens) uses the Meta clients, auth and the shared modules; ' +
        'what also changes posts (Meta taking access away) is put together in publishing.',
      severity: 'error',
      from: { path: '^app/\\.server/accounts/' },
      to: { path: '^app/\\.server/(publishing|jobs|http)/' },
    },
    {
      name: 'publishing-below-jobs',
      comment: 'publishing owns its queue, claim, retries and sweep; jobs (the worker) runs them, so ' + 'publishing never imports jobs.',
      severity: 'error',
      from: { path: '^app/\\.server/publishing/' },
      to: { path: '^app/\\.server/(jobs|http)/' },
    },
    {
      name: 'media-below-publishing',
      comment:
        'media (the MediaStore, uploads, serving, retention) keeps bytes and their facts; publishing reads media, ' +
        'never the other way round, and media knows nothing of Meta, connections or jobs.',
      severity: 'error',
      from: { path: '^app/\\.server/media/' },
      to: { path: '^app/\\.server/(publishing|jobs|accounts|platforms|http)/' },
    },
    {
      name: 'auth-and-http-use-no-service-area',
      comment:
        'auth (people, sessions, tokens, rate limits) and http (the guards before Remix) are used by the areas above, and use none of them.',
      severity: 'error',
      from: { path: '^app/\\.server/(auth|http)/' },
      to: { path: '^app/\\.server/(accounts|publishing|jobs|platforms|media)/' },
    },
    {
      name: 'notifications-and-closure-above-publishing',
      comment:
        'notifications (events about posts and connections, their emails and webhooks) reads what publishing and accounts ' +
        'recorded, and account-closure puts auth, accounts and publishing together to delete an account; the areas below ' +
        'never import either, nor jobs, which runs the notification passes.',
      severity: 'error',
      from: { path: '^app/\\.server/(publishing|accounts|platforms|auth|mail|http)/' },
      to: { path: '^app/\\.server/(notifications|account-closure|jobs)/' },
    },
    {
      name: 'mail-uses-no-service-area',
      comment: 'mail (SMTP, the local outbox, the layout of an email) is used by auth and the areas above; it knows nothing of them.',
      severity: 'error',
      from: { path: '^app/\\.server/mail/' },
      to: { path: '^app/\\.server/[^/]+/', pathNot: '^app/\\.server/mail/' },
    },
    {
      name: 'shared-modules-below-the-areas',
      comment:
        'The loose modules of app/.server (env, db, boss, log, ...) are used by every area; of the ' +
        "areas they use only platforms (env.ts reads Meta's default hosts from it).",
      severity: 'error',
      from: { path: '^app/\\.server/[^/]+\\.ts$' },
      to: { path: '^app/\\.server/[^/]+/', pathNot: '^app/\\.server/platforms/' },
    },
  ],
  options: { ...options, includeOnly: '^app/\\.server/' },
}
