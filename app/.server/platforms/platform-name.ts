import type { Platform } from '#prisma/generated/client/enums.ts'

/** How messages name each platform to a person. */
export const PLATFORM_NAME: Record<Platform, string> = { threads: 'Threads', facebook: 'Facebook' }
