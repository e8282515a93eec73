import type { Platform } from '#app/gql/graphql.ts'

export const PLATFORM_NAME: Record<Platform, string> = { THREADS: 'Threads', FACEBOOK: 'Facebook' }

/** The platform's initial in its colour, beside its name; decorative. */
export function PlatformMark({ platform }: { platform: Platform }) {
  return (
    <span className={`platform-mark platform-${platform.toLowerCase()}`} aria-hidden="true">
      {platform === 'THREADS' ? '@' : 'f'}
    </span>
  )
}
