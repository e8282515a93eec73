/**
 * Plain words for the `error_message` Threads gives a container in status ERROR (meta-api.md
 * §1.8; INVALID_ASPEC_RATIO is Meta's spelling).
 */
const MESSAGES: Record<string, string> = {
  FAILED_DOWNLOADING_VIDEO: 'Threads could not download the video. Check that its address opens the file directly.',
  FAILED_PROCESSING_AUDIO: 'Threads could not process the video’s sound. Export it with AAC audio and try again.',
  FAILED_PROCESSING_VIDEO: 'Threads could not process the video. Export it as MP4 (H.264) and try again.',
  INVALID_ASPEC_RATIO: 'Threads does not accept the media’s shape. Use an aspect ratio between 1:10 and 10:1.',
  INVALID_BIT_RATE: 'Threads does not accept the video’s bit rate. Export it at a lower quality.',
  INVALID_DURATION: 'Threads does not accept the video’s length. Use a video of at most 5 minutes.',
  INVALID_FRAME_RATE: 'Threads does not accept the video’s frame rate. Use 23 to 60 frames per second.',
  INVALID_AUDIO_CHANNELS: 'Threads does not accept the video’s audio channels. Use mono or stereo sound.',
  INVALID_AUDIO_CHANNEL_LAYOUT: 'Threads does not accept the video’s audio layout. Use mono or stereo sound.',
}

export function containerErrorMessage(errorMessage: string | undefined): string {
  return (
    (errorMessage && MESSAGES[errorMessage]) ??
    'Threads could not process the image. Check that its address opens a JPEG or PNG under 8 MB, then edit the post.'
  )
}
