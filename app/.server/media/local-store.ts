import { createReadStream, openAsBlob } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { ByteRange, MediaStore } from './media-store.ts'

const SAFE_KEY = /^[A-Za-z0-9_-]+$/

/** Keys are media ids (base64url); anything else could climb out of the folder. */
function fileOf(dir: string, key: string): string {
  if (!SAFE_KEY.test(key)) throw new Error(`Not a media key: ${key}`)
  return path.join(dir, key)
}

/** The zero-configuration store: one file per item in a private folder (default .data/media). */
export function createLocalStore(dir: string): MediaStore {
  let ready: Promise<unknown> | undefined
  const ensureDir = () => (ready ??= fs.mkdir(dir, { recursive: true, mode: 0o700 }))
  return {
    kind: 'local',
    async put(key, file) {
      await ensureDir()
      const target = fileOf(dir, key)
      try {
        await fs.rename(file, target)
      } catch (error) {
        // Another file system (the upload's temporary folder): copy, then drop the original.
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error
        await fs.copyFile(file, target)
        await fs.rm(file, { force: true })
      }
      await fs.chmod(target, 0o600)
    },
    async open(key, range?: ByteRange) {
      const file = fileOf(dir, key)
      await fs.access(file)
      return createReadStream(file, range ? { start: range.start, end: range.end } : {})
    },
    blob(key, contentType) {
      return openAsBlob(fileOf(dir, key), { type: contentType })
    },
    async remove(key) {
      await fs.rm(fileOf(dir, key), { force: true })
    },
  }
}
