import type { Prisma, TargetStatus } from '#prisma/generated/client/client.ts'

/** A target in flight has no outcome yet: it waits in the queue or is on its way to Meta. */
export const IN_FLIGHT = ['queued', 'creating', 'waiting_for_media', 'publishing'] as const satisfies readonly TargetStatus[]

const inFlight: ReadonlySet<TargetStatus> = new Set(IN_FLIGHT)

export function isInFlight(status: TargetStatus): boolean {
  return inFlight.has(status)
}

/** Published, failed or unconfirmed: nothing will happen to it unless a person retries. */
export function isSettled(status: TargetStatus): boolean {
  return !inFlight.has(status)
}

/** A post's targets as everyone shows them: Threads first (the `Platform` enum's order), then by name. */
export const TARGET_ORDER = [
  { platform: 'asc' },
  { accountName: 'asc' },
] as const satisfies readonly Prisma.PublishTargetOrderByWithRelationInput[]
