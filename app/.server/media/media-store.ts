import path from 'node:path'
import type { Readable } from 'node:stream'
import { perConfiguration, type Env } from '../env.ts'
import { createLocalStore } from './local-store.ts'
import { createS3Store } from './s3-store.ts'

/** A byte range, both ends included, as HTTP range requests name them. */
export type ByteRange = { start: number; end: number }

/**
 * Where media bytes live. The database row (Media) knows the type, size and hash; the store only
 * keeps bytes under a key, so both backends are interchangeable.
 */
export interface MediaStore {
  readonly kind: 'local' | 's3'
  /** Moves a finished file (already checked) into the store under `key`. */
  put(key: string, file: string, contentType: string): Promise<void>
  /** The bytes, or only `range` of them. */
  open(key: string, range?: ByteRange): Promise<Readable>
  /** The bytes as a Blob, for a multipart upload to Meta (file-backed where the store allows). */
  blob(key: string, contentType: string): Promise<Blob>
  /** Removes the bytes; a key that is already gone is not an error. */
  remove(key: string): Promise<void>
}

export function mediaStoreFromEnv(env: Env): MediaStore {
  if (env.S3_BUCKET) {
    return createS3Store({
      bucket: env.S3_BUCKET,
      region: env.S3_REGION,
      endpoint: env.S3_ENDPOINT,
      credentials:
        env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
          ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
          : undefined,
    })
  }
  return createLocalStore(path.resolve(env.MEDIA_DIR ?? path.join(env.DATA_DIR, 'media')))
}

/** The store this process uses, made on first use from the configuration. */
export const mediaStore: () => MediaStore = perConfiguration(mediaStoreFromEnv)
