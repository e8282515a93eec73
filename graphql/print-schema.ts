import fs from 'node:fs'
import { fileURLToPath } from 'node:url'
import { printedSchema } from './schema.ts'

const target = fileURLToPath(new URL('./schema.graphql', import.meta.url))
fs.writeFileSync(target, printedSchema())
console.log(`Wrote ${target}`)
