/**
 * One person's account from start to end, in Chromium against `npm start` in sandbox mode (mail
 * goes to the local outbox, read at /dev/mailbox as a person would): sign up and confirm the
 * address, reset the password, change the address, hear of a partial post by email and follow
 * its Reconnect link, then delete the account and see Duopost's permission removed at the sandbox.
 */
import AxeBuilder from '@axe-core/playwright'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPerson } from '#server/sandbox-mode.ts'
import { startApp, type RunningApp } from './app-process.ts'
import { launchChromium } from './chromium.ts'
import { compose, connectThrough, flash, publishAndWait, signUp } from './dashboard-page.ts'

const DEMO = demoPerson('')
const [COFFEE] = DEMO.pages as { id: string; name: string }[]
const NEW_PASSWORD = 'a completely different passphrase'

let app: RunningApp
let browser: Browser
let context: BrowserContext
let page: Page
const email = `kim.${Date.now()}@example.com`
const newEmail = `kim.new.${Date.now()}@example.com`

/** The link in the newest email to `to` whose subject matches (any link, or none, without `link`), reloading the mailbox until it arrives. */
async function mailLink(to: string, subject: RegExp, link?: RegExp): Promise<string> {
  const mailbox = await context.newPage()
  try {
    for (let tries = 0; ; tries++) {
      await mailbox.goto(`${app.url}/dev/mailbox`)
      const found = mailbox.getByRole('article', { name: subject }).filter({ hasText: to }).first()
      if ((await found.count()) > 0) {
        const hrefs = await found.getByRole('link').evaluateAll((anchors) => anchors.map((a) => (a as HTMLAnchorElement).href))
        const href = link ? hrefs.find((candidate) => link.test(candidate)) : (hrefs[0] ?? '')
        if (href !== undefined) return href
      }
      if (tries > 60) throw new Error(`No email to ${to} matching ${subject} with a link like ${String(link)}`)
      // The notification pass runs every 10 s in the app; the mailbox is read again after it.
      await mailbox.waitForTimeout(1_000)
    }
  } finally {
    await mailbox.close()
  }
}

beforeAll(async () => {
  browser = await launchChromium()
  app = await startApp()
  context = await browser.newContext()
  page = await context.newPage()
})

afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

describe('an account in Chromium', () => {
  it('signs up and confirms the address from the mailbox', async () => {
    await signUp(page, app.url, email)
    await page.goto(await mailLink(email, /^Confirm your email address/, /\/verify-email\?/))
    await page.waitForURL(/\/dashboard/)
    await flash(page).getByText('Your email address is confirmed').waitFor()
  })

  it('resets a forgotten password from another browser, which signs out this one', async () => {
    const other = await browser.newContext()
    try {
      const tab = await other.newPage()
      await tab.goto(`${app.url}/forgot-password`)
      await tab.getByLabel('Email').fill(email)
      await tab.getByRole('button', { name: 'Send me a reset link' }).click()
      await tab.goto(await mailLink(email, /^Reset your password/, /\/reset-password\?/))
      await tab.getByLabel('New password').fill(NEW_PASSWORD)
      await tab.getByRole('button', { name: 'Set my new password' }).click()
      await tab.waitForURL(/\/dashboard/)
      await flash(tab).getByText('Your new password is set').waitFor()
    } finally {
      await other.close()
    }
    await page.goto(`${app.url}/dashboard`)
    await page.waitForURL(/\/login/)
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(NEW_PASSWORD)
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.waitForURL(/\/dashboard/)
  })

  it('changes the email address once the new one is confirmed', async () => {
    await page.goto(`${app.url}/settings/sign-in`)
    await page.getByLabel('New email address').fill(newEmail)
    await page.getByRole('region', { name: 'Change your email address' }).getByLabel('Your password').fill(NEW_PASSWORD)
    await page.getByRole('button', { name: 'Send a confirmation link' }).click()
    await flash(page).getByText(`A link to confirm ${newEmail} is on its way`).waitFor()
    await page.goto(await mailLink(newEmail, /^Confirm your new email address/, /\/confirm-email\?/))
    await flash(page).getByText(`Your account now uses ${newEmail}`).waitFor()
    await mailLink(email, /^Your email address was changed/)
  })

  it('emails a partial post with a Reconnect link that leads to reconnecting the Page', async () => {
    await page.goto(`${app.url}/dashboard`)
    await connectThrough(page, page.getByRole('button', { name: 'Connect Threads' }), app.sandboxUrl)
    await connectThrough(page, page.getByRole('button', { name: 'Connect Facebook Pages' }), app.sandboxUrl, [COFFEE!.name])
    await flash(page).getByText('Your Facebook Pages are connected').waitFor()
    const facebookApp = (await app.control.apps()).find((candidate) => candidate.platform === 'facebook')!
    await app.control.invalidate({ reason: 'app_removed', personId: DEMO.id!, appId: facebookApp.id })

    await compose(page, { text: 'Half of this goes out', threads: true, pages: [COFFEE!.name] })
    await publishAndWait(page, /Published to 1 of 2/)

    await page.goto(await mailLink(newEmail, /published only in part|things need your attention/, /\/dashboard#connections-heading$/))
    expect(new URL(page.url()).hash).toBe('#connections-heading')
    const connections = page.getByRole('region', { name: 'Connections' })
    await connectThrough(page, connections.getByRole('button', { name: 'Reconnect Facebook' }), app.sandboxUrl, [COFFEE!.name])
    await flash(page).getByText('Your Facebook Pages are connected').waitFor()
  })

  it('has no serious or critical accessibility violations on the settings pages', async () => {
    for (const route of [
      '/settings',
      '/settings/sign-in',
      '/settings/notifications',
      '/settings/webhooks',
      '/settings/api-tokens',
      '/settings/delete-account',
    ]) {
      await page.goto(`${app.url}${route}`)
      const { violations } = await new AxeBuilder({ page }).analyze()
      const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      expect(serious.map((v) => `${route}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
    }
  })

  it('deletes the account, which removes Duopost’s permission at Meta and ends the session', async () => {
    await app.control.clearCalls()
    await page.goto(`${app.url}/settings/delete-account`)
    await page.getByLabel('Your password').fill(NEW_PASSWORD)
    await page.getByRole('button', { name: 'Delete my account' }).click()
    await page.waitForURL(/\/login/)
    const revokes = await app.control.calls({ route: 'facebook.permissions.delete' })
    expect(revokes.map((call) => call.status)).toEqual([200])
    await mailLink(newEmail, /^Your account was deleted/)
    await page.goto(`${app.url}/dashboard`)
    await page.waitForURL(/\/login/)
    await page.getByLabel('Email').fill(newEmail)
    await page.getByLabel('Password').fill(NEW_PASSWORD)
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.getByText('That email and password do not match').waitFor()
  })
})
