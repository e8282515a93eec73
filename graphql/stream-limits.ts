import { createGraphQLError } from 'graphql-yoga'
import type { Authentication } from '#app/.server/auth/request-auth.ts'

/**
 * Live streams (postUpdated) each poll the database until their post settles, so one person or
 * program could otherwise keep a core busy by opening hundreds. Counted in this process: each web
 * process bounds its own load.
 */
export const STREAM_LIMITS = { perUser: 10, perToken: 5 } as const

const open = new Map<string, number>()

function keysOf(authentication: Authentication): [string, number][] {
  const user: [string, number] = [`user:${authentication.user.id}`, STREAM_LIMITS.perUser]
  return authentication.method === 'token' ? [user, [`token:${authentication.tokenId}`, STREAM_LIMITS.perToken]] : [user]
}

/** How many streams are open for the key (`user:<id>` or `token:<id>`). */
export function openStreams(key: string): number {
  return open.get(key) ?? 0
}

/**
 * Takes a stream slot for the caller, or refuses with TOO_MANY_STREAMS. Returns the release,
 * which may be called any number of times and frees the slot once.
 */
export function claimStreamSlot(authentication: Authentication): () => void {
  const keys = keysOf(authentication)
  const full = keys.find(([key, limit]) => openStreams(key) >= limit)
  if (full) {
    const [key, limit] = full
    const who = key.startsWith('token:') ? 'this access token' : 'your account'
    throw createGraphQLError(
      `Too many live streams: ${who} already has ${limit} open, the most allowed at once. Close one (stop following a post) and subscribe again.`,
      { extensions: { code: 'TOO_MANY_STREAMS', limit } },
    )
  }
  for (const [key] of keys) open.set(key, openStreams(key) + 1)
  let released = false
  return () => {
    if (released) return
    released = true
    for (const [key] of keys) {
      const left = openStreams(key) - 1
      if (left > 0) open.set(key, left)
      else open.delete(key)
    }
  }
}
