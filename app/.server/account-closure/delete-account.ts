import { disconnect } from '../accounts/disconnect.ts'
import { confirmPassword } from '../auth/users.ts'
import { accountEmails } from '../auth/account-emails.ts'
import { prisma } from '../db.ts'
import { logEvent } from '../log.ts'
import { sendEmail, sendInBackground } from '../mail/send-email.ts'
import { removeUserMediaWith } from '../media/remove-user-media.ts'
import { withdrawJobs } from '../publishing/publish-queue.ts'
import { IN_FLIGHT } from '../publishing/target-states.ts'

export type DeletionReport = {
  /** What happened at Meta, in words for the person (Facebook revoked or not; where to remove Threads). */
  metaMessages: string[]
  cancelledPosts: number
}

/**
 * Deletes a person's account after checking their password: their posts that have not gone out
 * are cancelled (their jobs withdrawn), Facebook's permission is given up and Threads is
 * disconnected, then every row of theirs goes (sessions, API tokens, connections, posts,
 * drafts, notifications, webhooks, media: all cascade from the user; uploaded files are removed after). What was published stays at Meta.
 */
export async function deleteAccount(userId: string, password: string): Promise<DeletionReport> {
  await confirmPassword(userId, password)
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } })

  const waiting = await prisma.publishTarget.findMany({
    where: { post: { userId }, status: { in: [...IN_FLIGHT] } },
    select: { jobId: true, postId: true },
  })
  const cancelledPosts = new Set(waiting.map((target) => target.postId)).size
  await prisma.post.updateMany({ where: { userId, startedAt: null, cancelledAt: null }, data: { cancelledAt: new Date() } })
  await withdrawJobs(waiting.map((target) => target.jobId))

  const metaMessages: string[] = []
  for (const platform of ['facebook', 'threads'] as const) {
    if ((await prisma.account.count({ where: { userId, platform } })) === 0) continue
    metaMessages.push((await disconnect({ userId, platform })).revocationMessage)
  }

  await removeUserMediaWith(userId, () => prisma.user.delete({ where: { id: userId } }))
  logEvent('info', 'account.deleted', { userId, cancelledPosts })
  sendInBackground('account_deleted', () => sendEmail(user.email, accountEmails.deleted(metaMessages)))
  return { metaMessages, cancelledPosts }
}
