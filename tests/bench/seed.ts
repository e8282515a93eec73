/**
 * People and history for the benchmarks. Connections go through Duopost's own connect code with
 * codes the sandbox issues (what its consent page would hand back), so the tokens are real sandbox
 * tokens, encrypted as in production; past posts are written straight into the database.
 */
import { randomUUID } from 'node:crypto'
import { connectFacebook } from '#app/.server/accounts/connect-facebook.ts'
import { connectThreads } from '#app/.server/accounts/connect-threads.ts'
import { prisma } from '#app/.server/db.ts'
import { signUp } from '#tests/auth/helpers.ts'
import type { MetaSandbox } from './harness.ts'

let people = 0

/** A signed-up Duopost user (with the session cookie of that sign-up), connected to a new sandbox person. */
export async function connectedUser(meta: MetaSandbox, options: { threads: boolean; pages: number }) {
  people += 1
  const user = await signUp(`bench-${people}-${randomUUID()}@example.com`)
  const person = await meta.control.createPerson({ name: `Bench person ${people}`, threads: options.threads, pages: options.pages })
  if (options.threads) {
    const { code, redirectUri } = await meta.control.issueCode({ appId: meta.threadsAppId, personId: person.id })
    await connectThreads({ userId: user.userId, code, redirectUri })
  }
  if (options.pages > 0) {
    const { code, redirectUri } = await meta.control.issueCode({ appId: meta.facebookAppId, personId: person.id })
    await connectFacebook({ userId: user.userId, code, redirectUri })
  }
  return { ...user, person, pageIds: person.pages.map((page) => page.id) }
}

const MINUTE_MS = 60_000

/**
 * `count` past posts, one a minute up to now, each published to every one of the user's
 * connections, with the permalinks and Meta ids a real publish leaves behind.
 */
export async function seedPublishedPosts(userId: string, count: number): Promise<void> {
  const accounts = await prisma.account.findMany({
    where: { userId },
    select: { id: true, platform: true, platformAccountId: true, username: true, displayName: true },
  })
  const now = Date.now()
  const posts = Array.from({ length: count }, (_, i) => {
    const createdAt = new Date(now - (count - i) * MINUTE_MS)
    return {
      id: randomUUID(),
      userId,
      text: `Earlier post ${i}: what we did this week.`,
      requestHash: randomUUID(),
      createdAt,
      startedAt: createdAt,
    }
  })
  await prisma.post.createMany({ data: posts })
  const targets = posts.flatMap((post) =>
    accounts.map((account) => {
      const threads = account.platform === 'threads'
      const platformPostId = `${account.platformAccountId}_${post.id.slice(0, 8)}`
      return {
        postId: post.id,
        accountId: account.id,
        platform: account.platform,
        platformAccountId: account.platformAccountId,
        accountName: threads ? `@${account.username}` : (account.displayName ?? account.platformAccountId),
        status: 'published' as const,
        platformPostId,
        permalink: `https://example.com/${platformPostId}`,
        attempts: 1,
        publishedAt: post.createdAt,
      }
    }),
  )
  await prisma.publishTarget.createMany({ data: targets })
}
