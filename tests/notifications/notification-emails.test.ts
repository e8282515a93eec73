import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { markNeedsReconnect } from '#app/.server/accounts/account-health.ts'
import { prisma } from '#app/.server/db.ts'
import { runNotificationPass } from '#app/.server/notifications/notification-pass.ts'
import { setNotificationPreferences } from '#app/.server/notifications/preferences.ts'
import { reloadEnv } from '#app/.server/env.ts'
import { newMessageId, sendEmail } from '#app/.server/mail/send-email.ts'
import { startSmtpCatcher, type SmtpCatcher } from '#tests/mail/smtp-catcher.ts'
import { SANDBOX_SECRET_PATTERN, useMetaSandbox } from '#tests/meta-sandbox.ts'
import { connectedUser, publish } from '#tests/publishing/helpers.ts'
import { useWorker } from '#tests/worker-harness.ts'

const meta = useMetaSandbox()
useWorker()

let smtp: SmtpCatcher
beforeAll(async () => {
  smtp = await startSmtpCatcher()
})
afterAll(() => smtp.stop())

async function emailOf(userId: string): Promise<string> {
  return (await prisma.user.findUniqueOrThrow({ where: { id: userId } })).email
}

/** A verified person with Threads and two Pages, the first Page needing a reconnect. */
async function personWithBrokenPage() {
  const user = await connectedUser(meta, { pages: 2 })
  await prisma.user.update({ where: { id: user.userId }, data: { emailVerifiedAt: new Date() } })
  const broken = await prisma.account.findFirstOrThrow({ where: { userId: user.userId, platformAccountId: user.pageIds[0] } })
  return { ...user, email: await emailOf(user.userId), broken }
}

async function notificationMails(email: string) {
  // Sign-up's confirmation email is not a notification.
  return smtp.to(email).filter((mail) => !/Confirm your email/.test(mail.subject))
}

describe('notification emails', () => {
  it('tells of a partial post once, listing every target with what to do, together with the reconnect incident, in one email', async () => {
    const user = await personWithBrokenPage()
    await markNeedsReconnect(user.broken.id, 'Facebook logged Duopost out of this Page. Connect Facebook again.')
    const result = await publish(user.cookie, {
      platforms: ['THREADS', 'FACEBOOK'],
      content: { text: 'Partly out' },
      facebookPageIds: user.pageIds,
    })
    expect(result).toMatchObject({ partial: true })

    await runNotificationPass()
    await runNotificationPass()
    await expect.poll(() => notificationMails(user.email).then((mails) => mails.length)).toBe(1)
    const [mail] = await notificationMails(user.email)
    expect(mail!.subject).toBe('2 things need your attention · Duopost')
    expect(mail!.text).toContain('Your post “Partly out” published only in part:')
    expect(mail!.text).toMatch(/Facebook .+: failed\. .*Connect Facebook again\..* Reconnect the account, then retry\./)
    expect(mail!.text.match(/: published/g)).toHaveLength(2)
    expect(mail!.text).toMatch(/needs reconnecting: Facebook logged Duopost out of this Page/)
    expect(mail!.links).toContain('http://localhost:3000/dashboard#connections-heading')
    expect(mail!.html).toContain('Reconnect')
    expect(mail!.text).not.toMatch(SANDBOX_SECRET_PATTERN)
    expect(mail!.html).not.toMatch(SANDBOX_SECRET_PATTERN)
    expect(mail!.text).not.toMatch(/#\d{2,}|code \d+|fbtrace/i)
    expect(await prisma.notificationEvent.count({ where: { userId: user.userId, emailState: 'pending' } })).toBe(0)
  })

  it('tells each event exactly once when two workers run their passes at the same moment', async () => {
    const users = [await personWithBrokenPage(), await personWithBrokenPage()]
    for (const user of users) await markNeedsReconnect(user.broken.id, 'Connect Facebook again.')
    await Promise.all(
      users.map((user) => publish(user.cookie, { platforms: ['FACEBOOK'], content: { text: 'Race' }, facebookPageIds: user.pageIds })),
    )
    await Promise.all([runNotificationPass(), runNotificationPass(), runNotificationPass()])
    await runNotificationPass()
    for (const user of users) {
      await expect.poll(() => prisma.notificationEvent.count({ where: { userId: user.userId, emailState: 'sent' } })).toBe(2)
      const told = (await notificationMails(user.email)).map((mail) => mail.text)
      // However the passes split them, the post and the incident are each in exactly one email.
      expect(told.filter((text) => text.includes('Your post “Race”'))).toHaveLength(1)
      expect(told.filter((text) => text.includes('needs reconnecting'))).toHaveLength(1)
    }
  })

  it('tells of a reconnect once per incident: a second failure is not news, a failure after reconnecting is', async () => {
    const user = await personWithBrokenPage()
    await markNeedsReconnect(user.broken.id, 'First incident.')
    await runNotificationPass()
    await markNeedsReconnect(user.broken.id, 'Still the first incident.')
    await runNotificationPass()
    expect(await prisma.notificationEvent.count({ where: { userId: user.userId, kind: 'connection_needs_reconnect' } })).toBe(1)

    await prisma.account.update({ where: { id: user.broken.id }, data: { status: 'ACTIVE' } })
    await runNotificationPass()
    await markNeedsReconnect(user.broken.id, 'Second incident.')
    await runNotificationPass()
    const events = await prisma.notificationEvent.findMany({
      where: { userId: user.userId, kind: 'connection_needs_reconnect' },
      orderBy: { createdAt: 'asc' },
    })
    expect(events).toHaveLength(2)
    expect(events[0]!.resolvedAt).toBeInstanceOf(Date)
    await expect
      .poll(() => notificationMails(user.email).then((mails) => mails.map((mail) => mail.subject)))
      .toEqual([expect.stringMatching(/^Reconnect Facebook/), expect.stringMatching(/^Reconnect Facebook/)])
  })

  it('sends nothing to an unconfirmed address, nor for a kind the person turned off', async () => {
    const unverified = await connectedUser(meta, { pages: 1 })
    const page = await prisma.account.findFirstOrThrow({ where: { userId: unverified.userId, platform: 'facebook' } })
    await markNeedsReconnect(page.id, 'Reconnect, please.')

    const quiet = await personWithBrokenPage()
    await setNotificationPreferences(quiet.userId, {
      post_failed: 'none',
      connection_needs_reconnect: 'none',
      connection_expiring: 'email',
      threads_quota_nearly_used: 'email',
    })
    await markNeedsReconnect(quiet.broken.id, 'Reconnect, please.')
    await publish(quiet.cookie, { platforms: ['FACEBOOK'], content: { text: 'Quiet failure' }, facebookPageIds: quiet.pageIds })

    await runNotificationPass()
    expect(
      await prisma.notificationEvent.count({ where: { userId: { in: [unverified.userId, quiet.userId] }, emailState: 'skipped' } }),
    ).toBe(3)
    expect(await notificationMails(await emailOf(unverified.userId))).toHaveLength(0)
    expect(await notificationMails(quiet.email)).toHaveLength(0)
  })

  it('warns once before a token that Duopost cannot renew expires', async () => {
    const user = await personWithBrokenPage()
    const inFiveDays = new Date(Date.now() + 5 * 86_400_000)
    await prisma.account.update({ where: { id: user.broken.id }, data: { tokenExpiresAt: inFiveDays } })
    await runNotificationPass()
    await runNotificationPass()
    await expect.poll(() => notificationMails(user.email).then((mails) => mails.length)).toBe(1)
    expect((await notificationMails(user.email))[0]!.text).toMatch(/cannot be renewed without you/)
  })

  it('records a published post for webhooks without emailing it', async () => {
    const user = await personWithBrokenPage()
    await publish(user.cookie, { platforms: ['THREADS'], content: { text: 'All good' } })
    await runNotificationPass()
    const event = await prisma.notificationEvent.findFirstOrThrow({ where: { userId: user.userId, kind: 'post_published' } })
    expect(event).toMatchObject({ emailState: 'skipped', payload: { status: 'published', excerpt: 'All good' } })
  })

  it('warns once per quota window when a Threads profile has used 90% of its publishing quota, and not if turned off', async () => {
    const user = await personWithBrokenPage()
    const { accessToken } = await meta.control.issueToken({
      appId: meta.threadsApp.id,
      personId: user.person.id,
      scopes: ['threads_basic', 'threads_content_publish'],
    })
    // Posts made elsewhere count too: 224 of 250, then Duopost's own two make 225 (90%) and 226.
    for (let i = 0; i < 224; i++) {
      const body = new URLSearchParams({ media_type: 'TEXT', text: `Elsewhere ${i}`, auto_publish_text: 'true', access_token: accessToken })
      expect((await fetch(`${meta.url}/v1.0/me/threads`, { method: 'POST', body })).status).toBe(200)
    }
    await publish(user.cookie, { platforms: ['THREADS'], content: { text: 'Quota 224' } })
    await runNotificationPass()
    expect(await prisma.notificationEvent.count({ where: { userId: user.userId, kind: 'threads_quota_nearly_used' } })).toBe(0)

    await publish(user.cookie, { platforms: ['THREADS'], content: { text: 'Quota 225' } })
    await Promise.all([runNotificationPass(), runNotificationPass()])
    await publish(user.cookie, { platforms: ['THREADS'], content: { text: 'Quota 226' } })
    await Promise.all([runNotificationPass(), runNotificationPass()])
    const quotaMails = async () => (await notificationMails(user.email)).filter((mail) => /publishing quota/.test(mail.subject))
    await expect.poll(() => quotaMails().then((mails) => mails.length)).toBe(1)
    const [mail] = await quotaMails()
    expect(mail!.subject).toMatch(/^Threads @\S+ has nearly used up its publishing quota/)
    expect(mail!.text).toMatch(/published 225 of the 250 posts it allows in 24 hours, so 25 more can go out/)
    expect(mail!.links).not.toContain('http://localhost:3000/dashboard#connections-heading')

    // The next window is a new warning, unless the person turned it off.
    const account = await prisma.account.findFirstOrThrow({ where: { userId: user.userId, platform: 'threads' } })
    await prisma.account.update({ where: { id: account.id }, data: { threadsQuotaCheckedAt: new Date(Date.now() + 86_400_000) } })
    await runNotificationPass(Date.now() + 86_400_000)
    await expect.poll(() => quotaMails().then((mails) => mails.length)).toBe(2)
    await setNotificationPreferences(user.userId, {
      post_failed: 'email',
      connection_needs_reconnect: 'email',
      connection_expiring: 'email',
      threads_quota_nearly_used: 'none',
    })
    await prisma.account.update({ where: { id: account.id }, data: { threadsQuotaCheckedAt: new Date(Date.now() + 2 * 86_400_000) } })
    await runNotificationPass(Date.now() + 2 * 86_400_000)
    expect(await prisma.notificationEvent.count({ where: { userId: user.userId, kind: 'threads_quota_nearly_used' } })).toBe(3)
    expect(await quotaMails()).toHaveLength(2)
  })

  it('sends the same email under the same Message-ID when a process died after the SMTP server accepted it', async () => {
    const user = await personWithBrokenPage()
    await markNeedsReconnect(user.broken.id, 'Reconnect after the crash.')
    await runNotificationPass()
    await expect.poll(() => notificationMails(user.email).then((mails) => mails.length)).toBe(1)
    const event = await prisma.notificationEvent.findFirstOrThrow({ where: { userId: user.userId, kind: 'connection_needs_reconnect' } })
    expect(event.emailMessageId).toMatch(/^<[0-9a-f-]+@localhost>$/)

    // The rows as a process leaves them that died between SMTP's "250 OK" and marking them sent:
    // claimed (ten minutes ago), their Message-ID recorded, still pending.
    await prisma.notificationEvent.update({
      where: { id: event.id },
      data: { emailState: 'pending', emailSentAt: null, emailClaimedAt: new Date(Date.now() - 11 * 60_000) },
    })
    await runNotificationPass()
    await expect.poll(() => notificationMails(user.email).then((mails) => mails.length)).toBe(2)
    const [first, again] = await notificationMails(user.email)
    expect(again!.headers.get('message-id')).toBe(event.emailMessageId)
    expect(first!.headers.get('message-id')).toBe(event.emailMessageId)
    expect(again!.text).toBe(first!.text)
    expect(await prisma.notificationEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ emailState: 'sent' })

    // The local outbox keeps an email sent twice under one Message-ID once.
    const smtpUrl = process.env.SMTP_URL
    delete process.env.SMTP_URL
    reloadEnv()
    try {
      const messageId = newMessageId()
      const content = { subject: 'Once', heading: 'Once', paragraphs: ['Kept once.'], reason: 'A test.' }
      await sendEmail(user.email, content, { messageId })
      await sendEmail(user.email, content, { messageId })
      expect(await prisma.outboxEmail.count({ where: { messageId } })).toBe(1)
    } finally {
      process.env.SMTP_URL = smtpUrl
      reloadEnv()
    }
  })
})
