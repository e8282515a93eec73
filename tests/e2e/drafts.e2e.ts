/**
 * Drafts in Chromium against `npm start` in sandbox mode: a post with a photo, its alt text, a
 * Threads profile, a Page and a time is saved as a draft (nothing is published), found under
 * Drafts, opened into the composer with all of it, and published once; a draft is deleted after
 * its confirmation; a draft is saved without JavaScript too; and the Drafts page passes axe on a
 * laptop and a phone. One app, one person, in order.
 */
import fs from 'node:fs'
import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toLocalInput } from '#app/shared/zoned-time.ts'
import { demoPerson } from '#server/sandbox-mode.ts'
import { MEDIA_FIXTURES } from '#tests/media/fixtures.ts'
import { ROOT, startApp, type RunningApp } from './app-process.ts'
import { launchChromium } from './chromium.ts'
import { compose, connectThrough, flash, results, signUp } from './dashboard-page.ts'

const SHOTS = path.join(ROOT, 'test-results/e2e')
const LAPTOP = { width: 1280, height: 900 }
const PHONE = { width: 375, height: 740 }
const ZONE = 'Europe/Berlin'
const DEMO = demoPerson('')
const [COFFEE] = DEMO.pages as { id: string; name: string }[]

let app: RunningApp
let browser: Browser
let page: Page

function draftItem(tab: Page, text: string) {
  return tab.locator('.draft-item', { hasText: text })
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true })
  browser = await launchChromium()
  app = await startApp()
  page = await (await browser.newContext({ viewport: LAPTOP, timezoneId: ZONE })).newPage()
})

afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

describe('drafts in Chromium', () => {
  it('saves a post as a draft, finds it under Drafts, opens it with everything, and publishes it once', async () => {
    await signUp(page, app.url, `drafter.${Date.now()}@example.com`)
    await connectThrough(page, page.getByRole('button', { name: 'Connect Threads' }), app.sandboxUrl)
    await connectThrough(page, page.getByRole('button', { name: 'Connect Facebook Pages' }), app.sandboxUrl, [COFFEE!.name])

    const text = `Half written ${Date.now()}`
    await compose(page, { text, threads: true, pages: [COFFEE!.name] })
    await page.locator('#post-files').setInputFiles(path.join(MEDIA_FIXTURES, 'photo.jpg'))
    await page.locator('.media-item').first().waitFor()
    await page.getByLabel('Alt text for item 1').fill('A blue gradient')
    await page.getByLabel('Link').fill('https://example.com/later')
    const later = toLocalInput(new Date(Date.now() + 3 * 3600_000), ZONE)
    await page.getByLabel(/Schedule for/).fill(later)
    await page.getByRole('button', { name: 'Save draft' }).click()

    await page.waitForURL(/\/drafts$/)
    await flash(page).getByText('The draft is saved. Nothing was published.').waitFor()
    const item = draftItem(page, text)
    await item.getByText(`To Threads and 1 Facebook Page · 1 photo or video · for`).waitFor()
    expect(await app.control.posts()).toEqual([])

    await page.getByRole('link', { name: 'Dashboard', exact: true }).click()
    await page.getByRole('link', { name: 'Drafts', exact: true }).click()
    await item.getByRole('link', { name: /^Open/ }).click()
    await page.getByRole('heading', { name: 'Draft', exact: true }).waitFor()
    expect(await page.getByLabel('Text', { exact: true }).inputValue()).toBe(text)
    expect(await page.getByLabel('Link').inputValue()).toBe('https://example.com/later')
    expect(await page.getByLabel('Alt text for item 1').inputValue()).toBe('A blue gradient')
    expect(await page.getByLabel(/Schedule for/).inputValue()).toBe(later)
    const publishTo = page.getByRole('group', { name: 'Publish to' })
    expect(await publishTo.getByRole('checkbox', { name: /Threads/ }).isChecked()).toBe(true)
    expect(
      await page
        .getByRole('group', { name: /^Pages/ })
        .getByRole('checkbox', { name: COFFEE!.name })
        .isChecked(),
    ).toBe(true)
    await page.screenshot({ path: path.join(SHOTS, 'drafts-1-opened.png'), fullPage: true })

    // Publish now instead of at the draft's time, with the text changed in the composer.
    await page.getByLabel('Text', { exact: true }).fill(`${text}, now whole`)
    await page.getByRole('button', { name: /^Publish now to 2 places/ }).click()
    await page.waitForURL(/\/dashboard\?post=/)
    await results(page).getByText('Published to 2 of 2.').waitFor({ timeout: 60_000 })
    const sent = (await app.control.posts()).filter((post) => JSON.stringify(post).includes(`${text}, now whole`))
    expect(sent.map((post) => post.platform).sort()).toEqual(['facebook', 'threads'])

    await page.goto(`${app.url}/drafts`)
    await page.getByText('No drafts.').waitFor()
  })

  it('deletes a draft only after its confirmation', async () => {
    await page.goto(`${app.url}/dashboard`)
    await compose(page, { text: 'Delete me later', threads: true, pages: [] })
    await page.getByRole('button', { name: 'Save draft' }).click()
    await page.waitForURL(/\/drafts$/)
    const item = draftItem(page, 'Delete me later')
    await item.locator('summary').click()
    await item.getByText('Delete this draft for good?').waitFor()
    await item.getByRole('button', { name: /^Yes, delete the draft/ }).click()
    await flash(page).getByText('The draft is deleted.').waitFor()
    await item.waitFor({ state: 'detached' })
  })

  it('saves a draft without JavaScript: Save draft is a second submit button of the same form', async () => {
    const plain = await browser.newContext({ viewport: LAPTOP, javaScriptEnabled: false, timezoneId: ZONE })
    const noJs = await plain.newPage()
    try {
      await signUp(noJs, app.url, `plain-drafter.${Date.now()}@example.com`, { javaScript: false })
      await connectThrough(noJs, noJs.getByRole('button', { name: 'Connect Threads' }), app.sandboxUrl)
      await noJs.getByLabel('Text', { exact: true }).fill('Saved without JavaScript.')
      // Half typed: the browser's own check of the address does not stop a draft.
      await noJs.getByLabel('Link').fill('example.com/half')
      await noJs.getByRole('button', { name: 'Save draft' }).click()
      await noJs.getByText('Enter the link as a full address, starting with https://.').waitFor()
      await noJs.getByLabel('Link').fill('')
      await noJs.getByRole('button', { name: 'Save draft' }).click()
      await noJs.waitForURL(/\/drafts$/)
      await draftItem(noJs, 'Saved without JavaScript.').getByRole('link', { name: /^Open/ }).click()
      expect(await noJs.getByLabel('Text', { exact: true }).inputValue()).toBe('Saved without JavaScript.')
      await noJs.getByRole('button', { name: 'Publish now' }).click()
      await results(noJs).getByText('Published to 1 of 1.').waitFor({ timeout: 60_000 })
      await noJs.goto(`${app.url}/drafts`)
      await noJs.getByText('No drafts.').waitFor()
    } finally {
      await plain.close()
    }
  })

  it('has no serious or critical accessibility violations on the Drafts page, on a laptop and a phone', async () => {
    await page.goto(`${app.url}/dashboard`)
    await compose(page, { text: 'A draft for axe to read', threads: true, pages: [COFFEE!.name] })
    await page.getByRole('button', { name: 'Save draft' }).click()
    await page.waitForURL(/\/drafts$/)
    for (const viewport of [LAPTOP, PHONE]) {
      await page.setViewportSize(viewport)
      await page.goto(`${app.url}/drafts`)
      await draftItem(page, 'A draft for axe to read').locator('summary').click()
      const { violations } = await new AxeBuilder({ page }).analyze()
      const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      expect(serious.map((v) => `/drafts @${viewport.width}px: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
    }
    await page.screenshot({ path: path.join(SHOTS, 'drafts-2-phone-list.png'), fullPage: true })
  })
})
