import { Platform } from '#prisma/generated/client/enums.ts'

export { Platform }

/** Threads, then Facebook: the order of the Prisma enum, which is also the order of a post's targets. */
export const PLATFORMS = Object.values(Platform)

/** Each platform has its own connect flow and redirect URI (mix-up defence). */
export function isPlatform(value: unknown): value is Platform {
  return typeof value === 'string' && (PLATFORMS as readonly string[]).includes(value)
}

export function callbackPath(platform: Platform): string {
  return `/auth/${platform}/callback`
}
