/**
 * Text customised per network in Chromium (issue 17): one main text and a text of its own for
 * Threads, each counted and previewed as its network shows it; publishing to Threads and a Page
 * gives each its own text in the sandbox. Without JavaScript the same fields work, and the server
 * names the field a problem is in. The composer has no serious accessibility violations on a
 * laptop or a phone. One app, one person, in order.
 */
import fs from 'node:fs'
import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPerson } from '#server/sandbox-mode.ts'
import type { FacebookPostRecord, ThreadsPostRecord } from '../../sandbox/control-types.ts'
import { ROOT, startApp, type RunningApp } from './app-process.ts'
import { launchChromium } from './chromium.ts'
import { compose, connectThrough, publishAndWait, signUp } from './dashboard-page.ts'

const SHOTS = path.join(ROOT, 'test-results/e2e')
const LAPTOP = { width: 1280, height: 900 }
const PHONE = { width: 375, height: 740 }
const [COFFEE] = demoPerson('').pages as { id: string; name: string }[]

let app: RunningApp
let browser: Browser
let context: BrowserContext
let page: Page
const email = `variants.${Date.now()}@example.com`

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true })
  browser = await launchChromium()
  app = await startApp()
  context = await browser.newContext({ viewport: LAPTOP })
  page = await context.newPage()
})

afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

describe('text customised per network in Chromium', () => {
  it('publishes the Threads text to Threads and the main text to the Page, each counted and previewed', async () => {
    await signUp(page, app.url, email)
    await connectThrough(page, page.getByRole('button', { name: 'Connect Threads' }), app.sandboxUrl)
    await connectThrough(page, page.getByRole('button', { name: 'Connect Facebook Pages' }), app.sandboxUrl, [COFFEE!.name])

    const main = `Opening day ${Date.now()}: free espresso all morning at the corner of Elm and 5th.`
    const short = `Free espresso today ☕ ${Date.now()}`
    await compose(page, { text: main, threads: true, pages: [COFFEE!.name] })
    await page.getByText('Customize for Threads').click()
    await page.getByLabel('Text for Threads').fill(short)
    // The Threads text counts its emoji as Threads does, and the main text now goes to the Page only.
    await page
      .locator('#post-threads-text-count')
      .getByText(`${[...short].length + 2} / 500`)
      .waitFor()
    expect(await page.locator('#post-text-count').textContent()).toBe(`${main.length} / 63,206 characters on Facebook`)
    const previews = page.getByRole('region', { name: 'Preview' }).getByRole('listitem')
    await previews.filter({ hasText: 'on Threads' }).getByText(short).waitFor()
    await previews.filter({ hasText: COFFEE!.name }).getByText(main).waitFor()
    await page.locator('.composer-card').screenshot({ path: path.join(SHOTS, 'variants-1-composer.png') })

    await publishAndWait(page, 'Published to 2 of 2.')
    const threads = (await app.control.posts({ platform: 'threads' })) as ThreadsPostRecord[]
    const pages = (await app.control.posts({ platform: 'facebook' })) as FacebookPostRecord[]
    expect(threads.map((post) => post.text)).toEqual([short])
    expect(pages.map((post) => [post.pageId, post.message])).toEqual([[COFFEE!.id, main]])
  })

  it('without JavaScript, takes the texts from the form and names the field a problem is in', async () => {
    const plain = await browser.newContext({ viewport: LAPTOP, javaScriptEnabled: false })
    try {
      const tab = await plain.newPage()
      await tab.context().addCookies(await context.cookies())
      await tab.goto(`${app.url}/dashboard`)
      await tab.getByLabel('Text', { exact: true }).fill('Fine as it is')
      await tab.getByText('Customize for Threads').click()
      await tab.getByLabel('Text for Threads').fill('x'.repeat(501))
      await tab.getByRole('button', { name: /^Publish now/ }).click()
      const field = tab.getByLabel('Text for Threads')
      expect(await field.getAttribute('aria-invalid')).toBe('true')
      await tab
        .locator('#post-threads-text-error')
        .getByText(/this text counts 501/)
        .waitFor()
      // What was typed is kept, in both fields.
      expect(await field.inputValue()).toBe('x'.repeat(501))
      expect(await tab.getByLabel('Text', { exact: true }).inputValue()).toBe('Fine as it is')
    } finally {
      await plain.close()
    }
  })

  it('has no serious or critical accessibility violations on the composer with its texts open, on a laptop and a phone', async () => {
    for (const viewport of [LAPTOP, PHONE]) {
      await page.setViewportSize(viewport)
      await page.goto(`${app.url}/dashboard`)
      await page.getByLabel('Text', { exact: true }).fill('Hello with a link https://example.com')
      await page.getByText('Customize for Threads').click()
      await page.getByText('Customize for Facebook').click()
      await page.getByRole('region', { name: 'Preview' }).waitFor()
      const { violations } = await new AxeBuilder({ page }).include('#composer').analyze()
      const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      expect(serious.map((v) => `composer @${viewport.width}px: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
    }
    await page.screenshot({ path: path.join(SHOTS, 'variants-2-phone-composer.png'), fullPage: true })
  })
})
