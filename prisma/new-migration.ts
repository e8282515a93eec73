/**
 * `npm run db:migration -- <name>`: writes the next migration from the difference between
 * prisma/migrations and prisma/schema.prisma. Review the SQL, then commit it with the schema.
 */
import path from 'node:path'
import { createMigration } from './create-migration.ts'

const name = process.argv[2]
if (!name || process.argv.length > 3) {
  console.error('Usage: npm run db:migration -- <name>   (a lowercase slug such as add_scheduled_posts)')
  process.exit(1)
}

try {
  const folder = await createMigration(name)
  if (folder) {
    console.log(`Wrote ${path.relative(process.cwd(), path.join(folder, 'migration.sql'))}; review it, then commit it with schema.prisma.`)
  } else {
    console.log('No migration written: prisma/migrations already produce prisma/schema.prisma.')
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
}
