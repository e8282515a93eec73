import { CHOOSABLE_KINDS, type ChoosableKind } from '#app/shared/notification-kinds.ts'
import type { NotificationChannel } from '#prisma/generated/client/enums.ts'
import { prisma } from '../db.ts'

/** Every choosable kind with the person's channel; email unless they said otherwise. */
export async function notificationPreferences(userId: string): Promise<Record<ChoosableKind, NotificationChannel>> {
  const rows = await prisma.notificationPreference.findMany({ where: { userId } })
  const chosen = new Map(rows.map((row) => [row.kind, row.channel]))
  return Object.fromEntries(CHOOSABLE_KINDS.map((kind) => [kind, chosen.get(kind) ?? 'email'])) as Record<
    ChoosableKind,
    NotificationChannel
  >
}

export async function setNotificationPreferences(userId: string, choices: Record<ChoosableKind, NotificationChannel>): Promise<void> {
  await prisma.$transaction(
    CHOOSABLE_KINDS.map((kind) =>
      prisma.notificationPreference.upsert({
        where: { userId_kind: { userId, kind } },
        create: { userId, kind, channel: choices[kind] },
        update: { channel: choices[kind] },
      }),
    ),
  )
}
