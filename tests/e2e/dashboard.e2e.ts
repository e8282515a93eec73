/**
 * Duopost in Chromium, started as `npm start` with nothing configured (so in sandbox mode): a new
 * person signs up, connects Threads and two of three Pages through the sandbox's consent pages,
 * publishes, and finds the post in the sandbox; then one Page fails, then Threads' token dies.
 * The scenarios run in order on one app and one account, as one person's story. A screenshot of
 * the dashboard after each lands in test-results/e2e/.
 */
import fs from 'node:fs'
import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPerson } from '#server/sandbox-mode.ts'
import { ROOT, startApp, type RunningApp } from './app-process.ts'
import { launchChromium } from './chromium.ts'
import { compose, connectThrough, flash, publishAndWait, results, signUp, targetRow } from './dashboard-page.ts'

const SHOTS = path.join(ROOT, 'test-results/e2e')
const LAPTOP = { width: 1280, height: 900 }
const PHONE = { width: 375, height: 740 }
const DEMO = demoPerson('')
const [COFFEE, , BOOKS] = DEMO.pages as { id: string; name: string }[]

let app: RunningApp
let browser: Browser
let context: BrowserContext
let page: Page
const email = `ana.${Date.now()}@example.com`

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true })
}

/** Sums the page's layout shifts from now on, as Core Web Vitals' CLS counts them (not those right after input). */
async function watchLayoutShift(): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const store = window as unknown as { __shift: number }
    store.__shift = 0
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) {
        if (!entry.hadRecentInput) store.__shift += entry.value
      }
    }).observe({ type: 'layout-shift' })
  })
  return () => page.evaluate(() => (window as unknown as { __shift: number }).__shift)
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true })
  // The browser first: without one, nothing else should start.
  browser = await launchChromium()
  app = await startApp()
  context = await browser.newContext({ viewport: LAPTOP })
  page = await context.newPage()
})

afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

describe('sandbox mode in Chromium', () => {
  it('signs up, connects Threads and 2 of 3 Pages, publishes text and image to all three, and finds the post in the sandbox', async () => {
    await signUp(page, app.url, email)
    await page.getByRole('link', { name: /Sandbox/ }).waitFor()

    await connectThrough(page, page.getByRole('button', { name: 'Connect Threads' }), app.sandboxUrl)
    await flash(page).getByText('Your Threads profile is connected').waitFor()
    expect(new URL(page.url()).search).toBe('')
    await page.getByRole('link', { name: 'Dismiss this message' }).click()
    await flash(page).waitFor({ state: 'detached' })

    await connectThrough(page, page.getByRole('button', { name: 'Connect Facebook Pages' }), app.sandboxUrl, [COFFEE!.name, BOOKS!.name])
    await flash(page).getByText('Your Facebook Pages are connected').waitFor()
    const connected = page.getByRole('list', { name: 'Connected Pages' })
    expect(await connected.getByRole('listitem').allTextContents()).toEqual([
      expect.stringContaining(BOOKS!.name),
      expect.stringContaining(COFFEE!.name),
    ])
    await page.waitForFunction(() => window.location.hash === '')
    // A one-time message goes away with the next page; dismissed now, so the layout shift measured
    // below is the publishing's own.
    await page.getByRole('link', { name: 'Dismiss this message' }).click()
    await flash(page).waitFor({ state: 'detached' })

    // The counter counts as Threads does (an emoji is 4) and the button waits for a valid post.
    await page.getByLabel('Text', { exact: true }).fill(`${'x'.repeat(497)}👋`)
    await page.getByText('Too long for Threads (by 1).').waitFor()
    expect(await page.getByRole('button', { name: /^Publish/ }).isDisabled()).toBe(true)
    await page.locator('.composer-card').screenshot({ path: path.join(SHOTS, '1-too-long.png') })

    const text = `Opening day at Rivera ${Date.now()}: come by for a free espresso.`
    await compose(page, { text, sampleImage: true, threads: true, pages: [COFFEE!.name, BOOKS!.name] })
    await page.getByRole('img', { name: 'Preview of the image' }).waitFor()
    const layoutShift = await watchLayoutShift()
    await publishAndWait(page, 'Published to 3 of 3.')
    expect(await layoutShift()).toBeLessThan(0.05)
    const links = results(page).getByRole('link', { name: /View post/ })
    expect(await links.count()).toBe(3)

    // Each result links to the post where it landed: the sandbox's own Threads profile and Page views.
    const [threadsView] = await Promise.all([
      context.waitForEvent('page'),
      targetRow(page, '@alex.rivera')
        .getByRole('link', { name: /View post/ })
        .click(),
    ])
    await threadsView.getByText(text).waitFor()
    expect(await threadsView.locator('img.media').count()).toBe(1)
    for (const name of [COFFEE!.name, BOOKS!.name]) {
      await threadsView.goto(
        (await targetRow(page, name)
          .getByRole('link', { name: /View post/ })
          .getAttribute('href'))!,
      )
      await threadsView.getByText(text).waitFor()
    }
    await threadsView.close()
    expect(await page.getByRole('textbox', { name: 'Text', exact: true }).inputValue()).toBe('')
    await screenshot('1-published')
  })

  it('shows the partial result when one Page fails, and Retry publishes it', async () => {
    await app.control.injectFault({ route: 'facebook.feed.create', path: `/*/${BOOKS!.id}/feed`, error: { code: 2 } })
    const text = `Bike clinic on Saturday ${Date.now()}.`
    await compose(page, { text, threads: false, pages: [COFFEE!.name, BOOKS!.name] })
    await publishAndWait(page, /Published to 1 of 2/)
    const failed = targetRow(page, BOOKS!.name)
    await failed.getByText('Will retry').waitFor()
    await targetRow(page, COFFEE!.name)
      .getByRole('link', { name: /View post/ })
      .waitFor()
    await screenshot('2-partial')

    await failed.getByRole('button', { name: `Retry now: ${BOOKS!.name}` }).click()
    await results(page).getByText('Published to 2 of 2.').waitFor({ timeout: 60_000 })
    const posts = await app.control.posts({ platform: 'facebook', targetId: BOOKS!.id })
    expect(posts.map((post) => (post.platform === 'facebook' ? post.message : null))).toContain(text)
    await screenshot('2-retried')
  })

  it('asks to reconnect Threads when its token dies, reconnects, and keeps the history', async () => {
    const threadsApp = (await app.control.apps()).find((candidate) => candidate.platform === 'threads')!
    await app.control.invalidate({ reason: 'app_removed', personId: DEMO.id!, appId: threadsApp.id })
    await compose(page, { text: `Closed for inventory ${Date.now()}.`, threads: true, pages: [] })
    await publishAndWait(page, 'Published to 0 of 1, 1 did not publish.')
    const threads = page.getByRole('article', { name: 'Threads' })
    await threads.getByText('Reconnect needed').waitFor()
    await screenshot('3-reconnect-needed')

    await connectThrough(page, targetRow(page, '@alex.rivera').getByRole('button', { name: 'Reconnect Threads' }), app.sandboxUrl)
    await flash(page).getByText('Your Threads profile is connected').waitFor()
    await threads.getByText('Connected').waitFor()
    const history = page.getByRole('region', { name: 'Recent posts' }).locator('.post-line')
    expect(await history.count()).toBe(3)

    // The post that failed because of the connection is offered again, and goes out once.
    await page.getByRole('button', { name: 'Retry the target that failed because of this connection' }).click()
    await page.waitForURL(/\/posts/)
    await flash(page).getByText('One target is publishing again.').waitFor()
    await page.locator('.post-line', { hasText: 'Closed for inventory' }).getByText('Threads published').waitFor({ timeout: 60_000 })
    await page.goto(`${app.url}/dashboard`)

    await compose(page, { text: `Back open tomorrow ${Date.now()}.`, threads: true, pages: [] })
    await publishAndWait(page, 'Published to 1 of 1.')
    await results(page)
      .getByText(/Back open tomorrow/)
      .waitFor()
    expect(await history.count()).toBe(4)
    await screenshot('3-reconnected')
  })

  it('works without JavaScript: connect, publish and see the result with forms and redirects only', async () => {
    const plain = await browser.newContext({ viewport: LAPTOP, javaScriptEnabled: false })
    const noJs = await plain.newPage()
    try {
      await signUp(noJs, app.url, `plain.${Date.now()}@example.com`, { javaScript: false })
      await connectThrough(noJs, noJs.getByRole('button', { name: 'Connect Threads' }), app.sandboxUrl)
      await flash(noJs).getByText('Your Threads profile is connected').waitFor()
      expect(new URL(noJs.url()).search).toBe('')
      await noJs.getByRole('button', { name: 'Publish now' }).click()
      await noJs.locator('#post-text-error').getByText('Write some text or add an image.').waitFor()
      await noJs.getByLabel('Text', { exact: true }).fill('Written without JavaScript.')
      await noJs.getByRole('button', { name: 'Publish now' }).click()
      await results(noJs).getByText('Published to 1 of 1.').waitFor({ timeout: 60_000 })
      await noJs.screenshot({ path: path.join(SHOTS, '4-no-javascript.png'), fullPage: true })
    } finally {
      await plain.close()
    }
  })

  it('has no serious or critical accessibility violations, on a laptop and a phone, and shows keyboard focus', async () => {
    const pages = ['/dashboard', '/posts', '/settings', '/settings/api-tokens', '/', '/login', '/signup']
    const signedOut = await browser.newContext()
    try {
      for (const viewport of [LAPTOP, PHONE]) {
        for (const route of pages) {
          const tab = /^\/(dashboard|posts|settings)/.test(route) ? page : await signedOut.newPage()
          await tab.setViewportSize(viewport)
          await tab.goto(`${app.url}${route}`)
          const { violations } = await new AxeBuilder({ page: tab }).analyze()
          const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
          expect(
            serious.map((v) => `${route} @${viewport.width}px: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
          ).toEqual([])
          if (route === '/dashboard' && viewport === PHONE) await screenshot('5-phone-dashboard')
          if (tab !== page) await tab.close()
        }
      }
    } finally {
      await signedOut.close()
    }
    await page.setViewportSize(LAPTOP)
    await page.goto(`${app.url}/dashboard`)
    await page.keyboard.press('Tab')
    const focused = await page.evaluate(() => {
      const element = document.activeElement!
      const style = getComputedStyle(element)
      return { tag: element.tagName, ring: style.boxShadow !== 'none' || style.outlineStyle !== 'none' }
    })
    expect(focused).toEqual({ tag: 'A', ring: true })
  })
})
