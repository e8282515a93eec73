/**
 * Editing and deleting what was published, in Chromium against `npm start` in sandbox mode: a post
 * goes to Threads and a Page, its text is edited on the Page and it is deleted from Threads from
 * the post's view, then deleted from the Page without JavaScript; the sandbox shows each change.
 */
import fs from 'node:fs'
import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPerson } from '#server/sandbox-mode.ts'
import { ROOT, startApp, type RunningApp } from './app-process.ts'
import { launchChromium } from './chromium.ts'
import { compose, connectThrough, flash, logIn, publishAndWait, signUp } from './dashboard-page.ts'

const SHOTS = path.join(ROOT, 'test-results/e2e')
const LAPTOP = { width: 1280, height: 900 }
const PHONE = { width: 375, height: 740 }
const DEMO = demoPerson('')
const [COFFEE] = DEMO.pages as { id: string; name: string }[]
const THREADS_NAME = '@alex.rivera'

let app: RunningApp
let browser: Browser
let context: BrowserContext
let page: Page
let email: string
const text = `Open mic on Friday ${Date.now()}.`

function row(tab: Page, accountName: string) {
  return tab.locator('.target-row').filter({ has: tab.locator('.target-name', { hasText: accountName }) })
}

async function seriousViolations(tab: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page: tab }).analyze()
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((v) => `${tab.url()}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

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

describe('editing and deleting what was published, in Chromium', () => {
  it('reaches the post’s view from the Posts page', async () => {
    email = `published.${Date.now()}@example.com`
    await signUp(page, app.url, email)
    await connectThrough(page, page.getByRole('button', { name: 'Connect Threads' }), app.sandboxUrl)
    await connectThrough(page, page.getByRole('button', { name: 'Connect Facebook Pages' }), app.sandboxUrl, [COFFEE!.name])
    await compose(page, { text, threads: true, pages: [COFFEE!.name] })
    await publishAndWait(page, 'Published to 2 of 2.')
    await page.goto(`${app.url}/posts`)
    await page.locator('.post-line', { hasText: text }).locator('summary').click()
    await page.getByRole('link', { name: /Edit or delete what was published/ }).click()
    await page.getByRole('heading', { name: 'Where it went' }).waitFor()
    expect(await page.locator('.target-row').count()).toBe(2)
  })

  it('edits the text of the Page post', async () => {
    const facebook = row(page, COFFEE!.name)
    await facebook.getByRole('link', { name: /Edit text/ }).click()
    const field = page.getByLabel(`New text of the post on ${COFFEE!.name}`)
    expect(await field.inputValue()).toBe(text)
    expect(await seriousViolations(page)).toEqual([])
    await field.fill(`${text} Doors at 7.`)
    await page.getByRole('button', { name: 'Save on Facebook' }).click()
    await flash(page).getByText('The post’s text is changed on Facebook.').waitFor()
    await facebook.locator('p', { hasText: 'Text edited on' }).getByText(`${text} Doors at 7.`).waitFor()
    const [post] = await app.control.posts({ platform: 'facebook' })
    expect(post).toMatchObject({ message: `${text} Doors at 7.`, deletedAt: null })
    await page.screenshot({ path: path.join(SHOTS, 'published-1-edited.png'), fullPage: true })
  })

  it('deletes the Threads post after a confirmation step', async () => {
    await row(page, THREADS_NAME)
      .getByRole('link', { name: /Delete from Threads/ })
      .click()
    await page.getByText(/Delete this post from @alex\.rivera on Threads\?/).waitFor()
    expect(await seriousViolations(page)).toEqual([])
    expect((await app.control.posts({ platform: 'threads' }))[0]?.deletedAt).toBeNull()
    await page.getByRole('button', { name: 'Yes, delete from Threads' }).click()
    await flash(page).getByText(`Deleted from ${THREADS_NAME}.`).waitFor()
    await row(page, THREADS_NAME).getByText('Deleted from Threads on').waitFor()
    expect((await app.control.posts({ platform: 'threads' }))[0]?.deletedAt).not.toBeNull()
    expect(
      await row(page, THREADS_NAME)
        .getByRole('link', { name: /View post/ })
        .count(),
    ).toBe(0)
    await page.screenshot({ path: path.join(SHOTS, 'published-2-deleted.png'), fullPage: true })
  })

  it('deletes the Page post without JavaScript', async () => {
    const plain = await browser.newContext({ viewport: LAPTOP, javaScriptEnabled: false })
    const noJs = await plain.newPage()
    try {
      await noJs.goto(`${app.url}/login`)
      await logIn(noJs, email)
      await noJs.goto(page.url().split('?')[0]!)
      await row(noJs, COFFEE!.name)
        .getByRole('link', { name: /Delete from Facebook/ })
        .click()
      await noJs.getByRole('button', { name: 'Yes, delete from Facebook' }).click()
      await noJs.getByText(`Deleted from ${COFFEE!.name}.`).first().waitFor()
      expect((await app.control.posts({ platform: 'facebook' }))[0]?.deletedAt).not.toBeNull()
    } finally {
      await plain.close()
    }
  })

  it('has no serious or critical accessibility violations on the post’s view, on a laptop and a phone', async () => {
    await page.reload()
    await page.locator('.change-history').first().locator('summary').click()
    for (const viewport of [LAPTOP, PHONE]) {
      await page.setViewportSize(viewport)
      expect(await seriousViolations(page)).toEqual([])
    }
    await page.screenshot({ path: path.join(SHOTS, 'published-3-phone.png'), fullPage: true })
  })
})
