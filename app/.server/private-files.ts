import fs from 'node:fs'
import path from 'node:path'

/**
 * Makes `dir` (and any missing parent) a folder only this user can open, tightens whatever is
 * already inside (folders 0700, files 0600: data directories made by older versions were 0755
 * and 0666), and sets this process's umask to 077 so every file written from now on is private
 * too: the database files hold password hashes and sessions, and PGlite creates its own files
 * with the default mode.
 */
export function ensurePrivateDir(dir: string): void {
  process.umask(0o077)
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  tighten(dir)
}

/** Folders 0700 and files 0600 under `dir`, `dir` included. */
export function tighten(dir: string): void {
  fs.chmodSync(dir, 0o700)
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) tighten(full)
    else if (entry.isFile()) fs.chmodSync(full, 0o600)
  }
}
