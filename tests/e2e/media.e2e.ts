/**
 * Media in Chromium against `npm start` in sandbox mode (issue 16): a person uploads two photos and
 * a video with the file picker, sees them as thumbnails with alt text, and publishes a carousel to
 * Threads; then two photos to Threads and two Pages. The sandbox downloads every Threads item from
 * the app's /media addresses, as Meta does, and its views show the carousel and the multi-photo posts.
 */
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPerson } from '#server/sandbox-mode.ts'
import { MEDIA_FIXTURES } from '#tests/media/fixtures.ts'
import { startApp, type RunningApp } from './app-process.ts'
import { launchChromium } from './chromium.ts'
import { compose, connectThrough, flash, publishAndWait, results, signUp, targetRow } from './dashboard-page.ts'

const DEMO = demoPerson('')
const [COFFEE, , BOOKS] = DEMO.pages as { id: string; name: string }[]
const file = (name: string) => path.join(MEDIA_FIXTURES, name)

let app: RunningApp
let browser: Browser
let page: Page

beforeAll(async () => {
  browser = await launchChromium()
  app = await startApp()
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
})

afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

/** Picks files with the file input; with JavaScript they upload at once and show as items. */
async function attach(names: string[], total = names.length) {
  await page.locator('#post-files').setInputFiles(names.map(file))
  await page
    .locator('.media-item')
    .nth(total - 1)
    .waitFor()
  expect(await page.locator('.media-item').count()).toBe(total)
}

describe('media in Chromium', () => {
  it('uploads two photos and a video, and publishes them to Threads as one carousel', async () => {
    await signUp(page, app.url, `media.${Date.now()}@example.com`)
    await connectThrough(page, page.getByRole('button', { name: 'Connect Threads' }), app.sandboxUrl)
    await flash(page).getByText('Your Threads profile is connected').waitFor()
    await connectThrough(page, page.getByRole('button', { name: 'Connect Facebook Pages' }), app.sandboxUrl, [COFFEE!.name, BOOKS!.name])
    await flash(page).getByText('Your Facebook Pages are connected').waitFor()

    const text = `Three views ${Date.now()}`
    await compose(page, { text, threads: true, pages: [] })
    await attach(['photo.jpg', 'photo.png', 'clip.mp4'])
    await page.getByLabel('Alt text for item 1').fill('A blue gradient')
    await page.getByText('Threads: A carousel of 3').waitFor()
    await publishAndWait(page, 'Published to 1 of 1.')

    const link = await targetRow(page, '@alex.rivera')
      .getByRole('link', { name: /View post/ })
      .getAttribute('href')
    const view = await page.context().newPage()
    await view.goto(link!)
    await view.getByText(text).waitFor()
    expect(await view.locator('img.media').count()).toBe(2)
    expect(await view.getByRole('link', { name: 'Video' }).count()).toBe(1)
    expect(await view.locator('img.media').first().getAttribute('alt')).toBe('A blue gradient')
    const posts = await app.control.posts({ platform: 'threads' })
    expect(posts.at(-1)).toMatchObject({ mediaType: 'CAROUSEL_ALBUM', text })
    await view.close()
  })

  it('says why the photos and the video cannot go to a Page together, and publishes two photos to Threads and two Pages', async () => {
    const text = `Two photos ${Date.now()}`
    await compose(page, { text, threads: true, pages: [COFFEE!.name, BOOKS!.name] })
    await attach(['photo.jpg', 'clip.mp4'])
    await page
      .getByText(/A Facebook Page post carries either photos or one video/)
      .first()
      .waitFor()
    expect(await page.getByRole('button', { name: /^Publish/ }).isDisabled()).toBe(true)
    await page.getByText('Facebook: Photos or one video, not both').waitFor()
    await page.getByRole('button', { name: 'Remove item 2', exact: true }).click()
    await attach(['photo.png'], 2)
    await page.getByText('Facebook: One post with 2 photos').waitFor()
    await publishAndWait(page, 'Published to 3 of 3.')
    for (const name of [COFFEE!.name, BOOKS!.name]) {
      const href = await targetRow(page, name)
        .getByRole('link', { name: /View post/ })
        .getAttribute('href')
      const view = await page.context().newPage()
      await view.goto(href!)
      await view.getByText(text).waitFor()
      expect(await view.locator('img.media').count()).toBe(2)
      await view.close()
    }
    expect(await results(page).getByText('Published to 3 of 3.').count()).toBe(1)
  })
})
