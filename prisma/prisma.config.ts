import { defineConfig } from 'prisma/config'

// The CLI is used only for `generate` (and `validate`/`format`), which need no database and no
// engine download. Migrations run through server/migrate.ts with the WebAssembly schema engine.
export default defineConfig({
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
})
