import fs from 'node:fs'
import path from 'node:path'

const SOURCES = ['app', 'graphql', 'vite.config.ts', 'package-lock.json']

function newestMtime(entry: string): number {
  const stat = fs.statSync(entry, { throwIfNoEntry: false })
  if (!stat) return 0
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = 0
  for (const child of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)))
  return newest
}

/** True when there is no build, or a source file changed after the last one. */
export function buildIsStale(root: string, serverBuild: string): boolean {
  const built = fs.statSync(serverBuild, { throwIfNoEntry: false })
  if (!built) return true
  return SOURCES.some((source) => newestMtime(path.join(root, source)) > built.mtimeMs)
}
