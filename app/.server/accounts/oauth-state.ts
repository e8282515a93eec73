import { createHash, randomBytes } from 'node:crypto'
import { prisma } from '../db.ts'
import type { Platform } from './platform.ts'

export const STATE_TTL_MS = 10 * 60 * 1000

export type StateFailure = 'state_missing' | 'state_invalid' | 'state_expired' | 'state_other_user' | 'state_wrong_provider'

export type ConsumedState = { ok: true; returnTo: string } | { ok: false; reason: StateFailure }

function stateId(state: string): string {
  return createHash('sha256').update(state).digest('base64url')
}

/**
 * A fresh single-use state (256 random bits) for one authorization attempt by `userId` at
 * `platform`. Expired states are swept here, so no separate cleanup job is needed.
 */
export async function createOAuthState(input: { userId: string; platform: Platform; returnTo: string }): Promise<string> {
  const state = randomBytes(32).toString('base64url')
  const now = Date.now()
  await prisma.oAuthState.deleteMany({ where: { expiresAt: { lt: new Date(now) } } })
  await prisma.oAuthState.create({
    data: { id: stateId(state), ...input, expiresAt: new Date(now + STATE_TTL_MS) },
  })
  return state
}

/**
 * Uses up the state whatever happens next: the row is deleted before it is judged, so a state
 * can never be tried twice, and one shown to the wrong person is burned rather than kept.
 */
export async function consumeOAuthState(input: { state: string | null; platform: Platform; userId: string }): Promise<ConsumedState> {
  if (!input.state) return { ok: false, reason: 'state_missing' }
  // delete() answers with the row only to the one caller that removed it, so two callbacks racing
  // with the same state cannot both succeed.
  const row = await prisma.oAuthState.delete({ where: { id: stateId(input.state) } }).catch(() => null)
  if (!row) return { ok: false, reason: 'state_invalid' }
  if (row.userId !== input.userId) return { ok: false, reason: 'state_other_user' }
  if (row.platform !== input.platform) return { ok: false, reason: 'state_wrong_provider' }
  if (row.expiresAt <= new Date()) return { ok: false, reason: 'state_expired' }
  return { ok: true, returnTo: row.returnTo }
}
