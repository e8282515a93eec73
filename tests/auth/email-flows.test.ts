import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueEmailLink } from '#app/.server/auth/email-links.ts'
import { prisma } from '#app/.server/db.ts'
import { reloadEnv } from '#app/.server/env.ts'
import { mailMode } from '#app/.server/mail/mail-mode.ts'
import { sendEmail } from '#app/.server/mail/send-email.ts'
import { action as forgotAction, RESET_REQUESTED } from '#app/routes/forgot-password.tsx'
import { action as resetAction, loader as resetLoader, PASSWORD_RESET } from '#app/routes/reset-password.tsx'
import { action as signupAction } from '#app/routes/signup.tsx'
import { action as verifyAction, EMAIL_VERIFIED, loader as verifyLoader } from '#app/routes/verify-email.tsx'
import { startSmtpCatcher, type SmtpCatcher } from '#tests/mail/smtp-catcher.ts'
import { actionArgs, APP, cookieFrom, dataResult, formRequest, getRequest, loaderArgs, settle } from '#tests/utils.ts'
import { logIn, PASSWORD, signUp } from './helpers.ts'

let smtp: SmtpCatcher
beforeAll(async () => {
  smtp = await startSmtpCatcher()
})
afterAll(() => smtp.stop())

const NEW_PASSWORD = 'a brand new passphrase for duopost'

function pathOf(link: string): string {
  const url = new URL(link)
  expect(url.origin).toBe(APP)
  return `${url.pathname}${url.search}`
}

async function requestReset(email: string) {
  return settle(forgotAction(actionArgs(formRequest('/forgot-password', { email }))))
}

async function flashIn(response: Response): Promise<string> {
  const cookie = response.headers.get('set-cookie') ?? ''
  const value = decodeURIComponent(/duopost_flash=([^;]+)/.exec(cookie)?.[1] ?? '')
  return (JSON.parse(Buffer.from(value.slice(0, value.lastIndexOf('.')), 'base64').toString('utf8')) as { message: string }).message
}

describe('email over SMTP', () => {
  it('sends a text and an HTML part that name the app, the reason and the full link, with the configured sender', async () => {
    await sendEmail('reader@example.com', {
      subject: 'Hello',
      heading: 'A heading',
      paragraphs: ['First <b>paragraph</b>.'],
      action: { label: 'Open it', url: 'http://localhost:3000/x?token=a&b=c' },
      reason: 'You got this email because a test sent it.',
    })
    const mail = await smtp.waitFor('reader@example.com', /Hello/)
    expect(mail.subject).toBe('Hello · Duopost')
    expect(mail.from).toBe('"Duopost Test" <duopost@example.test>')
    expect(mail.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' })
    expect(mail.text).toContain('Open it: http://localhost:3000/x?token=a&b=c')
    expect(mail.text).toMatch(/You got this email because a test sent it\. This email was sent by Duopost\./)
    expect(mail.html).toContain('First &lt;b&gt;paragraph&lt;/b&gt;.')
    expect(mail.html).toContain('href="http://localhost:3000/x?token=a&amp;b=c"')
    expect(mail.html).not.toMatch(/<img/i)
  })

  it('keeps mail in the local outbox without SMTP_URL, and is off in production without it', () => {
    expect(mailMode({ SMTP_URL: undefined, NODE_ENV: 'development' })).toBe('outbox')
    expect(mailMode({ SMTP_URL: undefined, NODE_ENV: 'production' })).toBe('off')
    expect(mailMode({ SMTP_URL: 'smtp://127.0.0.1:25', NODE_ENV: 'production' })).toBe('smtp')
  })

  it('writes to the outbox table when SMTP is not configured', async () => {
    const url = process.env.SMTP_URL
    delete process.env.SMTP_URL
    reloadEnv()
    try {
      await sendEmail('outbox@example.com', { subject: 'Kept', heading: 'h', paragraphs: ['p'], reason: 'r' })
    } finally {
      process.env.SMTP_URL = url
      reloadEnv()
    }
    const kept = await prisma.outboxEmail.findFirstOrThrow({ where: { to: 'outbox@example.com' } })
    expect(kept).toMatchObject({ subject: 'Kept · Duopost', text: expect.stringContaining('This email was sent by Duopost.') })
  })
})

describe('email verification', () => {
  it('sends a link at sign-up that confirms the address once; the account works before it', async () => {
    const { cookie, userId } = await signUp('verify-me@example.com')
    expect(cookie).toMatch(/^duopost_session=/)
    const mail = await smtp.waitFor('verify-me@example.com', /Confirm your email/)
    expect(mail.links).toHaveLength(1)
    expect((await prisma.user.findUniqueOrThrow({ where: { id: userId } })).emailVerifiedAt).toBeNull()

    const first = await settle(verifyLoader(loaderArgs(getRequest(pathOf(mail.links[0]!), cookie))))
    expect(first.status).toBe(302)
    expect(first.headers.get('location')).toBe('/dashboard')
    expect(await flashIn(first)).toBe(EMAIL_VERIFIED)
    expect((await prisma.user.findUniqueOrThrow({ where: { id: userId } })).emailVerifiedAt).toBeInstanceOf(Date)

    const again = dataResult<{ signedIn: boolean }>(await verifyLoader(loaderArgs(getRequest(pathOf(mail.links[0]!)))))
    expect(again.status).toBe(400)
  })

  it('sends a new link on request, throttled, and not once the address is confirmed', async () => {
    const { cookie } = await signUp('resend@example.com')
    await smtp.waitFor('resend@example.com', /Confirm your email/)
    const resend = () =>
      settle(verifyAction(actionArgs(formRequest('/verify-email', { redirectTo: '/settings' }, { cookie }), '203.0.113.9')))
    const response = await resend()
    expect(response.headers.get('location')).toBe('/settings')
    await expect.poll(() => smtp.to('resend@example.com').length).toBe(2)
    for (let i = 0; i < 4; i++) await resend()
    expect(await flashIn(await resend())).toMatch(/Too many emails asked for\. Try again in \d+ minutes\./)
    const second = smtp.to('resend@example.com')[1]!
    await settle(verifyLoader(loaderArgs(getRequest(pathOf(second.links[0]!)))))
    expect(await flashIn(await resend())).toBe(EMAIL_VERIFIED)
  })

  it('tells the owner of an address that already has an account, and answers the form the same', async () => {
    await signUp('owner@example.com')
    await smtp.waitFor('owner@example.com', /Confirm your email/)
    const mailsBefore = smtp.to('owner@example.com').length
    const response = await settle(
      signupAction(actionArgs(formRequest('/signup', { email: 'owner@example.com', password: 'some other passphrase' }))),
    )
    expect(response.headers.get('location')).toBe('/login')
    const mail = await smtp.waitFor('owner@example.com', /already have an account/)
    expect(smtp.to('owner@example.com').length).toBe(mailsBefore + 1)
    expect(mail.text).toContain(`${APP}/forgot-password`)
  })
})

describe('password reset', () => {
  it('answers the same for a known and an unknown address, and mails only the known one', async () => {
    await signUp('known@example.com')
    const known = await requestReset('known@example.com')
    const unknown = await requestReset('nobody-here@example.com')
    for (const response of [known, unknown]) {
      expect(response.status).toBe(302)
      expect(response.headers.get('location')).toBe('/login')
      expect(await flashIn(response)).toBe(RESET_REQUESTED)
    }
    const mail = await smtp.waitFor('known@example.com', /Reset your password/)
    expect(mail.text).toMatch(/works once, for 30 minutes/)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(smtp.to('nobody-here@example.com')).toHaveLength(0)
  })

  it('sets the new password once, ends every session, signs this browser in and keeps only a hash of the link', async () => {
    const { cookie: otherBrowser, userId } = await signUp('reset-me@example.com')
    await requestReset('reset-me@example.com')
    const mail = await smtp.waitFor('reset-me@example.com', /Reset your password/)
    const link = pathOf(mail.links[0]!)
    const token = new URL(link, APP).searchParams.get('token')!
    expect(await prisma.emailLink.count({ where: { id: token } })).toBe(0)

    const page = (await resetLoader(loaderArgs(getRequest(link)))) as { token: string | null }
    expect(page.token).toBe(token)
    const weak = dataResult<{ errors: Record<string, string> }>(
      await resetAction(actionArgs(formRequest(link, { token, password: 'short' }))),
    )
    expect(weak.data.errors.password).toMatch(/at least 12 characters/)

    const done = await settle(resetAction(actionArgs(formRequest(link, { token, password: NEW_PASSWORD }))))
    expect(done.headers.get('location')).toBe('/dashboard')
    expect(await flashIn(done)).toBe(PASSWORD_RESET)
    const sessions = await prisma.session.findMany({ where: { userId } })
    expect(sessions).toHaveLength(1)
    expect(cookieFrom(done)).not.toBe(otherBrowser)
    expect((await prisma.user.findUniqueOrThrow({ where: { id: userId } })).emailVerifiedAt).toBeInstanceOf(Date)

    expect(dataResult(await logIn('reset-me@example.com', PASSWORD)).status).toBe(401)
    expect((await settle(logIn('reset-me@example.com', NEW_PASSWORD))).status).toBe(302)

    const reused = dataResult<{ errors: Record<string, string> }>(
      await resetAction(actionArgs(formRequest(link, { token, password: 'yet another new passphrase' }))),
    )
    expect(reused.data.errors.token).toMatch(/already used or has expired/)
    expect(((await resetLoader(loaderArgs(getRequest(link)))) as { token: string | null }).token).toBeNull()
  })

  it('refuses a link older than 30 minutes', async () => {
    const { userId } = await signUp('late@example.com')
    const stale = await issueEmailLink(userId, 'reset_password', 'late@example.com', Date.now() - 31 * 60_000)
    const token = new URL(stale).searchParams.get('token')!
    const result = dataResult<{ errors: Record<string, string> }>(
      await resetAction(actionArgs(formRequest('/reset-password', { token, password: NEW_PASSWORD }))),
    )
    expect(result.data.errors.token).toMatch(/expired/)
  })

  it('lets one of two parallel uses of a link through', async () => {
    const { userId } = await signUp('race@example.com')
    const token = new URL(await issueEmailLink(userId, 'reset_password', 'race@example.com')).searchParams.get('token')!
    const results = await Promise.all(
      ['first parallel passphrase', 'second parallel passphrase'].map(async (password) => {
        const result = await resetAction(actionArgs(formRequest('/reset-password', { token, password })))
        return result instanceof Response ? result.status : dataResult(result).status
      }),
    )
    expect(results.sort()).toEqual([302, 400])
  })
})
