import type { Locator, Page } from 'playwright-core'

/**
 * What a person does on the dashboard, in the words the page shows, so the scenarios read as the
 * steps a person takes. Every wait has a generous timeout: a publish waits for Meta's answer.
 */
export const PASSWORD = 'correct horse battery staple'
const SLOW = { timeout: 60_000 }

/**
 * Signs up, then logs in as the page then asks (sign-up signs nobody in), landing on the dashboard.
 * With JavaScript it first waits for the form to take the browser's time zone, as a person who
 * reads the page before typing gives it time to (sooner, the account starts on UTC).
 */
export async function signUp(page: Page, appUrl: string, email: string, options: { javaScript?: boolean } = {}): Promise<void> {
  await page.goto(`${appUrl}/signup`)
  if (options.javaScript !== false) {
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('input[name="timeZone"]')?.value !== '', undefined, SLOW)
  }
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Create account' }).click()
  await page.waitForURL(/\/login$/)
  await page.getByText('Your account is ready').waitFor()
  await logIn(page, email)
}

export async function logIn(page: Page, email: string): Promise<void> {
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Log in' }).click()
  await page.waitForURL(/\/dashboard/)
}

export function results(page: Page): Locator {
  return page.getByRole('region', { name: 'Results' })
}

export function flash(page: Page): Locator {
  return page.locator('.flash')
}

async function approveConsent(page: Page, sandboxUrl: string, pages?: readonly string[]): Promise<void> {
  await page.waitForURL((url) => url.href.startsWith(sandboxUrl))
  for (const name of pages ?? []) await page.getByLabel(name).check()
  await page.getByRole('button', { name: 'Approve' }).click()
  await page.waitForURL(/\/dashboard/)
}

/** Presses a Connect or Reconnect button (found by its name) and approves at the sandbox. */
export async function connectThrough(page: Page, button: Locator, sandboxUrl: string, pages?: readonly string[]): Promise<void> {
  await button.click()
  await approveConsent(page, sandboxUrl, pages)
}

export async function compose(
  page: Page,
  post: { text: string; sampleImage?: boolean; threads: boolean; pages: readonly string[] },
): Promise<void> {
  await page.getByLabel('Text', { exact: true }).fill(post.text)
  if (post.sampleImage) await page.getByRole('button', { name: 'Use the sample image' }).click()
  const publishTo = page.getByRole('group', { name: 'Publish to' })
  await publishTo.getByRole('checkbox', { name: /Threads/ }).setChecked(post.threads)
  await publishTo.getByRole('checkbox', { name: 'Facebook Pages' }).setChecked(post.pages.length > 0)
  if (post.pages.length === 0) return
  for (const label of await page
    .getByRole('group', { name: /^Pages/ })
    .locator('label')
    .all()) {
    const name = (await label.textContent()) ?? ''
    await label.getByRole('checkbox').setChecked(post.pages.some((wanted) => name.includes(wanted)))
  }
}

/** Publishes and waits until the Results panel says how many targets published. */
export async function publishAndWait(page: Page, summary: string | RegExp): Promise<void> {
  await page.getByRole('button', { name: /^Publish now to \d+ place/ }).click()
  await results(page).getByText(summary).waitFor(SLOW)
}

export function targetRow(page: Page, accountName: string): Locator {
  return results(page)
    .locator('.target-row')
    .filter({ has: page.locator('.target-name', { hasText: accountName }) })
}
