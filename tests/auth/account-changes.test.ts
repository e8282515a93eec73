import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prisma } from '#app/.server/db.ts'
import { loader as confirmLoader } from '#app/routes/confirm-email.tsx'
import { action as signInSettings, PASSWORD_CHANGED } from '#app/routes/settings.sign-in.tsx'
import { startSmtpCatcher, type SmtpCatcher } from '#tests/mail/smtp-catcher.ts'
import { actionArgs, APP, dataResult, formRequest, getRequest, loaderArgs, settle } from '#tests/utils.ts'
import { logIn, PASSWORD, signUp } from './helpers.ts'

let smtp: SmtpCatcher
beforeAll(async () => {
  smtp = await startSmtpCatcher()
})
afterAll(() => smtp.stop())

const PAGE = '/settings/sign-in'
type Refused = { errors: Record<string, string> }

function submit(cookie: string, fields: Record<string, string>) {
  return signInSettings(actionArgs(formRequest(PAGE, fields, { cookie })))
}

function pathOf(link: string): string {
  const url = new URL(link)
  expect(url.origin).toBe(APP)
  return `${url.pathname}${url.search}`
}

describe('change password', () => {
  it('needs the current password, ends every other session, keeps this one and tells the address', async () => {
    const { cookie, userId } = await signUp('change-pw@example.com')
    await logIn('change-pw@example.com')
    expect(await prisma.session.count({ where: { userId } })).toBe(2)

    const wrong = dataResult<Refused>(
      await submit(cookie, { intent: 'password', currentPassword: 'not my password', newPassword: 'a fresh long passphrase' }),
    )
    expect(wrong.status).toBe(400)
    expect(wrong.data.errors.currentPassword).toMatch(/not your password/)
    const weak = dataResult<Refused>(await submit(cookie, { intent: 'password', currentPassword: PASSWORD, newPassword: 'short' }))
    expect(weak.data.errors.newPassword).toMatch(/at least 12 characters/)

    const done = await settle(submit(cookie, { intent: 'password', currentPassword: PASSWORD, newPassword: 'a fresh long passphrase' }))
    expect(done.headers.get('location')).toBe(PAGE)
    expect(PASSWORD_CHANGED).toMatch(/Every other session was signed out/)
    expect(await prisma.session.count({ where: { userId } })).toBe(1)
    expect(dataResult(await logIn('change-pw@example.com', PASSWORD)).status).toBe(401)
    expect((await settle(logIn('change-pw@example.com', 'a fresh long passphrase'))).status).toBe(302)
    const mail = await smtp.waitFor('change-pw@example.com', /Your password was changed/)
    expect(mail.text).toContain(`${APP}/forgot-password`)
  })
})

describe('change email', () => {
  it('switches only once the new address opens its link, marks it confirmed and tells the old address', async () => {
    const { cookie, userId } = await signUp('old-address@example.com')
    const sent = await settle(submit(cookie, { intent: 'email', newEmail: 'New-Address@example.com', password: PASSWORD }))
    expect(sent.headers.get('location')).toBe(PAGE)
    expect((await prisma.user.findUniqueOrThrow({ where: { id: userId } })).email).toBe('old-address@example.com')

    const mail = await smtp.waitFor('new-address@example.com', /Confirm your new email address/)
    const confirmed = await settle(confirmLoader(loaderArgs(getRequest(pathOf(mail.links[0]!), cookie))))
    expect(confirmed.headers.get('location')).toBe(PAGE)
    const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } })
    expect(user.email).toBe('new-address@example.com')
    expect(user.emailVerifiedAt).toBeInstanceOf(Date)
    const notice = await smtp.waitFor('old-address@example.com', /Your email address was changed/)
    expect(notice.text).toContain('new-address@example.com')

    const again = dataResult<{ message: string }>(await confirmLoader(loaderArgs(getRequest(pathOf(mail.links[0]!)))))
    expect(again.data.message).toMatch(/already used or has expired/)
  })

  it('asks for the password, refuses the same address, and refuses at the link an address another account took', async () => {
    const { cookie } = await signUp('mover@example.com')
    await signUp('taken-later@example.com')
    const noPassword = dataResult<Refused>(
      await submit(cookie, { intent: 'email', newEmail: 'somewhere@example.com', password: 'wrong password' }),
    )
    expect(noPassword.data.errors.password).toMatch(/not your password/)
    const same = dataResult<Refused>(await submit(cookie, { intent: 'email', newEmail: 'MOVER@example.com', password: PASSWORD }))
    expect(same.data.errors.newEmail).toMatch(/already your address/)

    // The form does not tell that the address has an account; the link does, to whoever reads that mailbox.
    const sent = await settle(submit(cookie, { intent: 'email', newEmail: 'taken-later@example.com', password: PASSWORD }))
    expect(sent.status).toBe(302)
    const mail = await smtp.waitFor('taken-later@example.com', /Confirm your new email address/)
    const refused = dataResult<{ message: string }>(await confirmLoader(loaderArgs(getRequest(pathOf(mail.links[0]!)))))
    expect(refused.data.message).toMatch(/Another Duopost account uses that address/)
  })
})
