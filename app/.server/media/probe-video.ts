import { createReadStream } from 'node:fs'
import { createFile, MP4BoxBuffer, type Movie } from 'mp4box'

export type VideoFacts = { width: number | null; height: number | null; durationMs: number | null }

/**
 * Duration and picture size of an MP4 or MOV, read by GPAC's MP4Box.js from the file's movie
 * header. The file is fed in chunks until the header is found, so a header at the front (as
 * Threads requires) is read without going through the whole file.
 */
export async function probeVideo(file: string): Promise<VideoFacts> {
  const parser = createFile()
  let movie: Movie | null = null
  let failure: string | null = null
  parser.onReady = (info) => {
    movie = info
  }
  parser.onError = (_module, message) => {
    failure = message
  }
  let offset = 0
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    const copy = new ArrayBuffer(chunk.length)
    new Uint8Array(copy).set(chunk)
    parser.appendBuffer(MP4BoxBuffer.fromArrayBuffer(copy, offset))
    offset += chunk.length
    if (movie || failure) break
  }
  parser.flush()
  if (!movie) throw new Error(failure ?? 'no movie header found')
  const found: Movie = movie
  const video = found.videoTracks[0]
  return {
    width: video?.video?.width ?? null,
    height: video?.video?.height ?? null,
    durationMs: found.timescale > 0 ? Math.round((found.duration / found.timescale) * 1000) : null,
  }
}
