import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '#app/.server/db.ts'
import { useTempDirs } from '#tests/temp-dirs.ts'

const tempDir = useTempDirs('duopost-modes-')

/** Every file and folder under `dir` that someone other than its owner could open. */
function openToOthers(dir: string): string[] {
  const found: string[] = []
  const walk = (current: string) => {
    if ((fs.statSync(current).mode & 0o077) !== 0) found.push(`${(fs.statSync(current).mode & 0o777).toString(8)} ${current}`)
    if (fs.statSync(current).isDirectory()) for (const name of fs.readdirSync(current)) walk(path.join(current, name))
  }
  walk(dir)
  return found
}

async function openAndQuery(DATA_DIR: string) {
  const database = openDatabase({ DATA_DIR, DATABASE_URL: undefined, PGLITE_DIR: undefined })
  if (database.kind !== 'pglite') throw new Error('expected PGlite')
  await database.pglite.query('CREATE TABLE secrets (value text)')
  await database.pglite.query("INSERT INTO secrets VALUES ('a password hash')")
  return database.pglite
}

describe('the embedded database on disk', () => {
  it('creates a data folder that does not exist yet (in any mode) as 0700, with every file 0600', async () => {
    const DATA_DIR = path.join(tempDir(), 'not', 'there')
    const pglite = await openAndQuery(DATA_DIR)
    await pglite.close()
    expect(fs.statSync(DATA_DIR).mode & 0o777).toBe(0o700)
    expect(fs.readdirSync(path.join(DATA_DIR, 'pglite')).length).toBeGreaterThan(5)
    expect(openToOthers(DATA_DIR)).toEqual([])
  })

  it('tightens a data folder that an older version left readable to everyone', async () => {
    const DATA_DIR = tempDir()
    const first = await openAndQuery(DATA_DIR)
    await first.close()
    fs.chmodSync(DATA_DIR, 0o755)
    fs.writeFileSync(path.join(DATA_DIR, 'pglite', 'old-file'), 'x', { mode: 0o666 })
    fs.chmodSync(path.join(DATA_DIR, 'pglite', 'old-file'), 0o666)
    fs.chmodSync(path.join(DATA_DIR, 'pglite', 'PG_VERSION'), 0o666)
    const again = openDatabase({ DATA_DIR, DATABASE_URL: undefined, PGLITE_DIR: undefined })
    if (again.kind === 'pglite') await again.pglite.close()
    expect(openToOthers(DATA_DIR)).toEqual([])
  })
})
