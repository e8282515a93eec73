import { prisma } from '../db.ts'

/** The newest emails kept in the local outbox (mail-mode.ts), for /dev/mailbox. */
export function outboxEmails(limit = 50) {
  return prisma.outboxEmail.findMany({ orderBy: { createdAt: 'desc' }, take: limit })
}

export function outboxEmail(id: string) {
  return prisma.outboxEmail.findUnique({ where: { id } })
}
