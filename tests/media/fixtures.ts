import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

// The files in tests/fixtures/media were made for these tests on this machine: photo.jpg (640x480)
// and photo.png (400x400) with ImageMagick's `convert` (gradients), clip.mp4 (2 s, 320x240) and
// long.mp4 (301 s, 32x32) with ffmpeg's test sources and libx264. Nothing outside the repository is read.
export const MEDIA_FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/media')

export const fixture = (name: 'photo.jpg' | 'photo.png' | 'clip.mp4' | 'long.mp4') => fs.readFileSync(path.join(MEDIA_FIXTURES, name))

/** A real PNG followed by filler up to `bytes`: it sniffs and probes as a PNG of that size. */
export function pngOfSize(bytes: number): Buffer {
  const png = fixture('photo.png')
  return Buffer.concat([png, Buffer.alloc(Math.max(0, bytes - png.length))])
}
