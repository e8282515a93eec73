import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import type { ByteRange, MediaStore } from './media-store.ts'

export type S3StoreConfig = {
  bucket: string
  region: string
  /** Set for S3-compatible services (MinIO, R2, ...): path-style addressing is used then. */
  endpoint?: string
  credentials?: { accessKeyId: string; secretAccessKey: string }
}

/** Media in an S3-compatible bucket, one object per item, keyed by the media id. */
export function createS3Store(config: S3StoreConfig): MediaStore {
  const client = new S3Client({
    region: config.region,
    // The SDK's default since 2025 streams uploads as aws-chunked with CRC trailers, which many
    // S3-compatible servers do not read; checksums only where the API requires them work everywhere.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(config.endpoint ? { endpoint: config.endpoint, forcePathStyle: true } : {}),
    ...(config.credentials ? { credentials: config.credentials } : {}),
  })
  const Bucket = config.bucket
  return {
    kind: 's3',
    async put(key, file, contentType) {
      const { size } = await stat(file)
      await client.send(
        new PutObjectCommand({ Bucket, Key: key, Body: createReadStream(file), ContentLength: size, ContentType: contentType }),
      )
    },
    async open(key, range?: ByteRange) {
      const answer = await client.send(
        new GetObjectCommand({ Bucket, Key: key, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }),
      )
      if (!(answer.Body instanceof Readable)) throw new Error(`The bucket returned no readable body for ${key}`)
      return answer.Body
    },
    async blob(key, contentType) {
      const answer = await client.send(new GetObjectCommand({ Bucket, Key: key }))
      if (!answer.Body) throw new Error(`The bucket returned no body for ${key}`)
      return new Blob([new Uint8Array(await answer.Body.transformToByteArray())], { type: contentType })
    },
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }))
    },
  }
}
