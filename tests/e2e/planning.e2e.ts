/**
 * Planning posts in Chromium, in a browser set to Berlin time: the zone comes from the browser at
 * sign-up, a post scheduled in the composer publishes at its time, Upcoming reschedules, cancels
 * and publishes now, a post for now answers at once and its results follow the post live over
 * server-sent events, and the no-JavaScript forms schedule too. One app, one person, in order.
 */
import fs from 'node:fs'
import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fromLocalInput, labelInZone, toLocalInput } from '#app/shared/zoned-time.ts'
import { demoPerson } from '#server/sandbox-mode.ts'
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
let context: BrowserContext
let page: Page

/** A `datetime-local` value in Berlin at least `seconds` ahead, on a whole minute. */
function berlinMinuteAhead(seconds: number): string {
  return toLocalInput(new Date(Date.now() + seconds * 1000 + 60_000), ZONE)
}

function upcomingItem(text: string) {
  return page.getByRole('region', { name: 'Upcoming' }).locator('.upcoming-item', { hasText: text })
}

async function schedule(tab: Page, text: string, local: string): Promise<void> {
  // The composer starts afresh once the previous post's answer is in: wait for that, or it would
  // clear what is typed next.
  await expect.poll(() => tab.getByLabel('Text', { exact: true }).inputValue(), { timeout: 30_000 }).toBe('')
  await compose(tab, { text, threads: true, pages: [] })
  await tab.getByLabel(/Schedule for/).fill(local)
  await tab.getByRole('button', { name: 'Schedule' }).click()
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true })
  browser = await launchChromium()
  app = await startApp()
  context = await browser.newContext({ viewport: LAPTOP, timezoneId: ZONE })
  page = await context.newPage()
})

afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

describe('planning posts in Chromium', () => {
  it('takes the zone from the browser at sign-up, and schedules from the composer in it', async () => {
    await signUp(page, app.url, `planner.${Date.now()}@example.com`)
    await connectThrough(page, page.getByRole('button', { name: 'Connect Threads' }), app.sandboxUrl)
    await connectThrough(page, page.getByRole('button', { name: 'Connect Facebook Pages' }), app.sandboxUrl, [COFFEE!.name])
    await page.goto(`${app.url}/settings`)
    expect(await page.getByLabel('Time zone').inputValue()).toBe(ZONE)
    await page.goto(`${app.url}/dashboard`)

    const local = berlinMinuteAhead(70)
    await schedule(page, 'On its time', local)
    const label = `Scheduled for ${labelInZone(fromLocalInput(local, ZONE)!, ZONE)}.`
    await results(page).getByText(label).waitFor({ timeout: 30_000 })
    expect(await app.control.posts()).toEqual([])
    await page.screenshot({ path: path.join(SHOTS, 'planning-1-scheduled.png'), fullPage: true })
  })

  it('reschedules, cancels and publishes now from Upcoming', async () => {
    await schedule(page, 'Move me', berlinMinuteAhead(3600))
    await results(page)
      .getByText(/^Scheduled for/)
      .waitFor()
    await schedule(page, 'Cancel me', berlinMinuteAhead(3600))
    await results(page)
      .getByText(/^Scheduled for/)
      .waitFor()
    await schedule(page, 'Now instead', berlinMinuteAhead(3600))
    await results(page)
      .getByText(/^Scheduled for/)
      .waitFor()
    await page.getByRole('link', { name: 'Posts', exact: true }).click()
    await page.waitForURL(/\/posts/)

    const move = upcomingItem('Move me')
    await move.locator('summary').click()
    const later = berlinMinuteAhead(7200)
    await move.getByLabel(/Schedule for/).fill(later)
    await move.getByRole('button', { name: 'Reschedule', exact: true }).click()
    await flash(page)
      .getByText(`Rescheduled for ${labelInZone(fromLocalInput(later, ZONE)!, ZONE)}.`)
      .waitFor()

    await upcomingItem('Move me').getByRole('link', { name: /^Edit/ }).click()
    await page.getByRole('heading', { name: 'Change the scheduled post' }).waitFor()
    expect(await page.getByLabel(/Schedule for/).inputValue()).toBe(later)
    await page.getByLabel('Text', { exact: true }).fill('Moved and rewritten')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await flash(page).getByText('The scheduled post is changed.').waitFor()
    await upcomingItem('Moved and rewritten').waitFor()

    await upcomingItem('Cancel me')
      .getByRole('button', { name: /^Cancel/ })
      .click()
    await flash(page).getByText('The post is cancelled').waitFor()
    await upcomingItem('Cancel me').waitFor({ state: 'detached' })

    await upcomingItem('Now instead')
      .getByRole('button', { name: /^Publish now/ })
      .click()
    await page.waitForURL(/\/dashboard\?post=/)
    await results(page).getByText('Published to 1 of 1.').waitFor({ timeout: 60_000 })
    await page.screenshot({ path: path.join(SHOTS, 'planning-2-upcoming.png'), fullPage: true })
  })

  it('answers a publish at once and shows each target live over server-sent events', async () => {
    await app.control.configure({ latencyMs: 1500 })
    try {
      await compose(page, { text: `Live ${Date.now()}`, threads: true, pages: [COFFEE!.name] })
      const stream = page.waitForRequest(
        (request) => request.url().endsWith('/graphql') && request.headers().accept === 'text/event-stream',
      )
      await page.getByRole('button', { name: /^Publish now to 2 places/ }).click()
      await results(page)
        .getByText(/still in progress/)
        .waitFor({ timeout: 10_000 })
      await stream
      await results(page).getByText('Published to 2 of 2.').waitFor({ timeout: 60_000 })
    } finally {
      await app.control.configure({ latencyMs: 0 })
    }
  })

  it('publishes the scheduled post at its time', async () => {
    const deadline = Date.now() + 3 * 60_000
    const published = page.locator('.post-line', { hasText: 'On its time' })
    do {
      await page.goto(`${app.url}/posts?status=PUBLISHED&q=${encodeURIComponent('On its time')}`)
      if ((await published.count()) > 0) break
      await page.waitForTimeout(2000)
    } while (Date.now() < deadline)
    await published.getByText('Threads published').waitFor()
    const threads = await app.control.posts({ platform: 'threads' })
    expect(threads.filter((post) => post.platform === 'threads' && post.text === 'On its time')).toHaveLength(1)
  }, 200_000)

  it('schedules without JavaScript: the datetime-local field and the zone are plain form fields', async () => {
    const plain = await browser.newContext({ viewport: LAPTOP, javaScriptEnabled: false, timezoneId: ZONE })
    const noJs = await plain.newPage()
    try {
      await signUp(noJs, app.url, `plain-planner.${Date.now()}@example.com`, { javaScript: false })
      await connectThrough(noJs, noJs.getByRole('button', { name: 'Connect Threads' }), app.sandboxUrl)
      await noJs.getByLabel('Text', { exact: true }).fill('Scheduled without JavaScript.')
      // The current minute: the browser's own check (min) lets it through, and the server asks for later.
      await noJs.getByLabel(/Schedule for/).fill(toLocalInput(new Date(), 'UTC'))
      await noJs.getByRole('button', { name: 'Schedule' }).click()
      await noJs.locator('#post-scheduled-at-error').getByText('Choose a time at least a minute from now, or publish now.').waitFor()
      await noJs.getByLabel(/Schedule for \(date and time, UTC\)/).fill(toLocalInput(new Date(Date.now() + 3 * 3600_000), 'UTC'))
      await noJs.getByRole('button', { name: 'Schedule' }).click()
      await results(noJs)
        .getByText(/^Scheduled for .* \(UTC\)\.$/)
        .waitFor({ timeout: 30_000 })
    } finally {
      await plain.close()
    }
  })

  it('has no serious or critical accessibility violations on the Posts page, on a laptop and a phone', async () => {
    for (const viewport of [LAPTOP, PHONE]) {
      await page.setViewportSize(viewport)
      await page.goto(`${app.url}/posts`)
      const { violations } = await new AxeBuilder({ page }).analyze()
      const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      expect(serious.map((v) => `/posts @${viewport.width}px: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
    }
    await page.screenshot({ path: path.join(SHOTS, 'planning-3-phone-posts.png'), fullPage: true })
  })
})
