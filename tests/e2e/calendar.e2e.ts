/**
 * The calendar in Chromium, in a browser set to Berlin time: the month and the week put a post on
 * its Berlin day and hour, dragging moves it (checked through the API), a drag the API refuses says
 * why and leaves the post where it is, every step works as plain links and forms without
 * JavaScript, and both views pass axe on a laptop and a phone. One app, one person, in order.
 */
import fs from 'node:fs'
import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, dayLabel } from '#app/shared/calendar.ts'
import { fromLocalInput, labelInZone, toLocalInput } from '#app/shared/zoned-time.ts'
import { CSRF_HEADER } from '#graphql/csrf.ts'
import { ROOT, startApp, type RunningApp } from './app-process.ts'
import { launchChromium } from './chromium.ts'
import { compose, connectThrough, flash, logIn, results, signUp } from './dashboard-page.ts'

const SHOTS = path.join(ROOT, 'test-results/e2e')
const LAPTOP = { width: 1280, height: 900 }
const PHONE = { width: 375, height: 740 }
const ZONE = 'Europe/Berlin'
// Three days ahead in Berlin: far enough that no step of the test reaches it.
const DAY = toLocalInput(new Date(Date.now() + 3 * 24 * 3600_000), ZONE).slice(0, 10)

let app: RunningApp
let browser: Browser
let context: BrowserContext
let page: Page
let email: string
// Where the drag test leaves the post.
let movedTo: string

async function schedule(text: string, local: string): Promise<void> {
  await page.goto(`${app.url}/dashboard`)
  await compose(page, { text, threads: true, pages: [] })
  await page.getByLabel(/Schedule for/).fill(local)
  await page.getByRole('button', { name: 'Schedule' }).click()
  await results(page)
    .getByText(`Scheduled for ${labelInZone(fromLocalInput(local, ZONE)!, ZONE)}.`)
    .waitFor({ timeout: 30_000 })
}

function cell(tab: Page, day: string, hour?: string): Locator {
  return tab.locator(hour ? `td[data-day="${day}"][data-hour="${hour}"]` : `td[data-day="${day}"]`)
}

function chip(tab: Page, text: string): Locator {
  return tab.locator('.calendar-post-link', { hasText: text })
}

async function postIdOf(text: string): Promise<string> {
  const href = (await chip(page, text).first().getAttribute('href'))!
  return new URL(href, app.url).searchParams.get('post')!
}

/** The post's time as the API answers it, asked with the browser's own session. */
async function scheduledAt(postId: string): Promise<string> {
  const response = await page.request.post(`${app.url}/graphql`, {
    headers: { origin: app.url, [CSRF_HEADER]: '1' },
    data: { query: 'query ($id: ID!) { post(id: $id) { scheduledAt } }', variables: { id: postId } },
  })
  const body = (await response.json()) as { data: { post: { scheduledAt: string } } }
  return body.data.post.scheduledAt
}

/**
 * The first of `days` after today that the view shows, so the test does not depend on where in
 * the month or week today falls (and never drops on a time already past).
 */
async function shownDay(tab: Page, days: string[]): Promise<string> {
  const today = toLocalInput(new Date(), ZONE).slice(0, 10)
  for (const day of days) if (day > today && (await cell(tab, day).count()) > 0) return day
  throw new Error(`None of ${days.join(', ')} is on the page`)
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

describe('the calendar in Chromium', () => {
  it('shows a post on its Berlin day in the month and on its day and hour in the week, labelled with the zone', async () => {
    email = `calendar.${Date.now()}@example.com`
    await signUp(page, app.url, email)
    await connectThrough(page, page.getByRole('button', { name: 'Connect Threads' }), app.sandboxUrl)
    // 00:30 in Berlin is the evening before in UTC: only a calendar in the person's zone puts it on DAY.
    await schedule('Calendar drag', `${DAY}T00:30`)
    await schedule('Calendar plain', `${DAY}T14:00`)

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar' }).click()
    await page.waitForURL(/\/calendar$/)
    await page.getByRole('heading', { name: `(${ZONE})` }).waitFor()

    await page.goto(`${app.url}/calendar?view=month&date=${DAY}`)
    await cell(page, DAY)
      .getByRole('link', { name: /^00:30.*Calendar drag/ })
      .waitFor()
    expect(await cell(page, addDays(DAY, -1)).getByText('Calendar drag').count()).toBe(0)

    await page.getByRole('link', { name: 'Week', exact: true }).click()
    await page.waitForURL(/view=week/)
    await cell(page, DAY, '00')
      .getByRole('link', { name: /^\d\d:\d\d.*Calendar drag/ })
      .waitFor()
    await cell(page, DAY, '14')
      .getByRole('link', { name: /^14:00.*Calendar plain/ })
      .waitFor()
    expect(await page.getByRole('columnheader', { name: dayLabel(DAY) }).count()).toBe(1)
    await page.screenshot({ path: path.join(SHOTS, 'calendar-1-week.png'), fullPage: true })
  })

  it('moves a post to the day and hour it is dropped on, through the API', async () => {
    const postId = await postIdOf('Calendar drag')
    const target = await shownDay(page, [addDays(DAY, 1), addDays(DAY, -1)])
    await chip(page, 'Calendar drag').dragTo(cell(page, target, '11'))
    const moved = fromLocalInput(`${target}T11:30`, ZONE)!
    await flash(page)
      .getByText(`Rescheduled for ${labelInZone(moved, ZONE)}.`)
      .waitFor()
    await cell(page, target, '11')
      .getByRole('link', { name: /^11:30.*Calendar drag/ })
      .waitFor()
    expect(await scheduledAt(postId)).toBe(moved.toISOString())

    // In the month a drop keeps the time of day.
    await page.getByRole('link', { name: 'Month', exact: true }).click()
    await page.waitForURL(/view=month/)
    const day = await shownDay(page, [addDays(target, 1), addDays(target, -1)])
    await chip(page, 'Calendar drag').dragTo(cell(page, day))
    const again = fromLocalInput(`${day}T11:30`, ZONE)!
    await flash(page)
      .getByText(`Rescheduled for ${labelInZone(again, ZONE)}.`)
      .waitFor()
    await cell(page, day)
      .getByRole('link', { name: /^\d\d:\d\d.*Calendar drag/ })
      .waitFor()
    expect(await scheduledAt(postId)).toBe(again.toISOString())
    movedTo = day
  })

  it('says why when the API refuses a drop, and leaves the post where it is', async () => {
    const postId = await postIdOf('Calendar drag')
    const stale = await context.newPage()
    try {
      await stale.goto(`${app.url}/calendar?view=month&date=${movedTo}`)
      await chip(stale, 'Calendar drag').waitFor()
      // Meanwhile, in another tab, the post is published now.
      await page.goto(`${app.url}/posts`)
      await page
        .locator('.upcoming-item', { hasText: 'Calendar drag' })
        .getByRole('button', { name: /^Publish now/ })
        .click()
      await results(page).getByText('Published to 1 of 1.').waitFor({ timeout: 60_000 })
      const before = await scheduledAt(postId)

      const target = await shownDay(stale, [addDays(movedTo, 1), addDays(movedTo, 2), addDays(movedTo, -1)])
      await chip(stale, 'Calendar drag').dragTo(cell(stale, target))
      await flash(stale).getByText('Publishing of this post has already started, so it can no longer be cancelled or moved.').waitFor()
      expect(await cell(stale, target).getByText('Calendar drag').count()).toBe(0)
      expect(await scheduledAt(postId)).toBe(before)
    } finally {
      await stale.close()
    }
  })

  it('navigates and reschedules without JavaScript: every step is a link or a form', async () => {
    const plain = await browser.newContext({ viewport: LAPTOP, javaScriptEnabled: false, timezoneId: ZONE })
    const noJs = await plain.newPage()
    try {
      await noJs.goto(`${app.url}/login`)
      await logIn(noJs, email)
      await noJs.goto(`${app.url}/calendar?view=week&date=${DAY}`)
      const title = await noJs.locator('#calendar-title').textContent()
      await noJs.getByRole('link', { name: 'Next week' }).click()
      await noJs.getByRole('link', { name: 'Previous week' }).click()
      expect(await noJs.locator('#calendar-title').textContent()).toBe(title)
      await noJs.getByRole('link', { name: 'Month', exact: true }).click()
      await noJs.waitForURL(/view=month/)
      await noJs.getByRole('link', { name: 'Today' }).click()
      await noJs.getByRole('link', { name: 'Week', exact: true }).click()
      await noJs.goto(`${app.url}/calendar?view=week&date=${DAY}`)

      await noJs.getByRole('link', { name: 'Move “Calendar plain”' }).click()
      await noJs.getByRole('heading', { name: 'Reschedule “Calendar plain”' }).waitFor()
      const later = `${addDays(DAY, 1)}T16:45`
      await noJs.getByLabel(/Schedule for \(date and time, Europe\/Berlin\)/).fill(later)
      await noJs.getByRole('button', { name: 'Reschedule', exact: true }).click()
      await flash(noJs)
        .getByText(`Rescheduled for ${labelInZone(fromLocalInput(later, ZONE)!, ZONE)}.`)
        .waitFor()
      await cell(noJs, addDays(DAY, 1), '16')
        .getByRole('link', { name: /^16:45.*Calendar plain/ })
        .waitFor()
    } finally {
      await plain.close()
    }
  })

  it('has no serious or critical accessibility violations in either view, on a laptop and a phone', async () => {
    for (const viewport of [LAPTOP, PHONE]) {
      await page.setViewportSize(viewport)
      for (const view of ['month', 'week']) {
        await page.goto(`${app.url}/calendar?view=${view}&date=${DAY}`)
        const { violations } = await new AxeBuilder({ page }).analyze()
        const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        expect(
          serious.map((v) => `/calendar ${view} @${viewport.width}px: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        ).toEqual([])
        await page.screenshot({ path: path.join(SHOTS, `calendar-2-${view}-${viewport.width}.png`), fullPage: true })
      }
    }
  })
})
