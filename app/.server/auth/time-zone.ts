import { DEFAULT_TIME_ZONE, isTimeZone } from '#app/shared/zoned-time.ts'
import { prisma } from '../db.ts'
import { InvalidInputError } from '../errors.ts'

/** The zone the person reads and enters times in; UTC until they choose one. */
export async function timeZoneOf(userId: string): Promise<string> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { timeZone: true } })
  return user?.timeZone ?? DEFAULT_TIME_ZONE
}

/** Why `name` cannot be a person's time zone, or null. */
export function timeZoneProblem(name: string): string | null {
  return isTimeZone(name) ? null : `“${name}” is not a time zone Duopost knows: use an IANA name such as Europe/Berlin or America/New_York.`
}

/** Sets the person's zone; `select` is what the caller reads back (Pothos passes its own). */
export async function setTimeZone<S extends object>(userId: string, timeZone: string, select: S = {} as S) {
  const name = timeZone.trim()
  const problem = timeZoneProblem(name)
  if (problem) throw new InvalidInputError([{ field: 'timeZone', message: problem }])
  return prisma.user.update({ ...select, where: { id: userId }, data: { timeZone: name } })
}
