import type { Prisma, PublishTarget } from '#prisma/generated/client/client.ts'
import { prisma } from '../db.ts'

export type TargetUpdate = Omit<Prisma.PublishTargetUpdateInput, 'post' | 'account'>

/** Persists one step's result before the next call to Meta; returns the row as it now is. */
export function saveStep(targetId: string, data: TargetUpdate): Promise<PublishTarget> {
  return prisma.publishTarget.update({ where: { id: targetId }, data })
}
