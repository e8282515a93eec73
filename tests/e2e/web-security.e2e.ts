/**
 * The web layer's guards in a real Chromium against the app started as `npm start`: pages on
 * another site (127.0.0.1) and on the same site (localhost, another port) try to sign the victim
 * in as the attacker (login CSRF) and to act with the victim's session through Remix's `?_data=`
 * requests, with JavaScript and without (a button the victim presses). Our own pages keep working
 * under the Content-Security-Policy, in development and in production mode.
 */
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { Browser, BrowserContext, Page, Response } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type RunningApp } from './app-process.ts'
import { launchChromium } from './chromium.ts'
import { PASSWORD, logIn, signUp } from './dashboard-page.ts'

let browser: Browser
let app: RunningApp
let attacker: { server: http.Server; port: number; pages: Map<string, string> }
const ATTACKER_EMAIL = `mallory.${Date.now()}@example.com`
const VICTIM_EMAIL = `victim.${Date.now()}@example.com`

/** A plain HTTP server serving whatever page a test puts at a path: the attacker's site. */
async function attackerSite() {
  const pages = new Map<string, string>()
  const server = http.createServer((req, res) => {
    const page = pages.get(req.url ?? '')
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html' }).end(page ?? 'not found')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, port: (server.address() as AddressInfo).port, pages }
}

/** The attacker's page at `path`, on another site (127.0.0.1) or the same site (localhost) as the app. */
function hostPage(path: string, html: string, where: 'cross-site' | 'same-site'): string {
  attacker.pages.set(path, `<!doctype html><html><body>${html}</body></html>`)
  return `http://${where === 'cross-site' ? '127.0.0.1' : 'localhost'}:${attacker.port}${path}`
}

function form(action: string, fields: Record<string, string>, autoSubmit: boolean): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${value}">`)
    .join('')
  return `<form method="post" action="${action}">${inputs}<button>Claim your prize</button></form>${autoSubmit ? '<script>document.forms[0].submit()</script>' : ''}`
}

async function context(javaScript: boolean): Promise<BrowserContext> {
  return browser.newContext({ javaScriptEnabled: javaScript })
}

function appResponse(page: Page, pathStart: string): Promise<Response> {
  return page.waitForResponse((response) => response.url().startsWith(`${app.url}${pathStart}`) && response.request().method() === 'POST')
}

async function signedInAs(page: Page): Promise<string | null> {
  await page.goto(`${app.url}/dashboard`)
  if (new URL(page.url()).pathname === '/login') return null
  return page.locator('.account-email').textContent()
}

beforeAll(async () => {
  browser = await launchChromium()
  app = await startApp()
  attacker = await attackerSite()
  const setup = await context(true)
  await signUp(await setup.newPage(), app.url, ATTACKER_EMAIL)
  await setup.close()
})

afterAll(async () => {
  await browser?.close()
  await app?.stop()
  attacker?.server.close()
})

describe('login CSRF', () => {
  for (const javaScript of [true, false]) {
    for (const where of ['cross-site', 'same-site'] as const) {
      it(`a ${where} page cannot sign the victim in as the attacker (${javaScript ? 'auto-submitted' : 'a button pressed, no JavaScript'})`, async () => {
        const victim = await context(javaScript)
        const page = await victim.newPage()
        const url = hostPage(
          `/login-${where}-${javaScript}`,
          form(`${app.url}/login?_data=routes/login`, { email: ATTACKER_EMAIL, password: PASSWORD }, javaScript),
          where,
        )
        const answered = appResponse(page, '/login')
        await page.goto(url)
        if (!javaScript) await page.getByRole('button', { name: 'Claim your prize' }).click()
        const response = await answered
        expect(response.status()).toBe(403)
        expect(await response.text()).toMatch(/did not come from a Duopost page/)
        expect((await victim.cookies(app.url)).map((cookie) => cookie.name)).not.toContain('duopost_session')
        expect(await signedInAs(page)).toBeNull()
        await victim.close()
      })
    }
  }

  it('our own login form still works, with and without JavaScript', async () => {
    for (const javaScript of [true, false]) {
      const person = await context(javaScript)
      const page = await person.newPage()
      await page.goto(`${app.url}/login`)
      await logIn(page, ATTACKER_EMAIL)
      expect(await signedInAs(page)).toBe(ATTACKER_EMAIL)
      await person.close()
    }
  })
})

describe("CSRF on the victim's session through ?_data=", () => {
  let victim: BrowserContext

  beforeAll(async () => {
    victim = await context(true)
    await signUp(await victim.newPage(), app.url, VICTIM_EMAIL)
  })

  afterAll(() => victim?.close())

  const TOKEN_ACTION = '/settings/api-tokens?_data=routes/settings.api-tokens'
  const FIELDS = { intent: 'create', name: 'stolen', scopes: 'PUBLISH', expiry: 'never' }

  /** The victim's API tokens page, as they would see it. */
  async function tokensPage(page: Page): Promise<string> {
    await page.goto(`${app.url}/settings/api-tokens`)
    await page.getByRole('heading', { name: 'Your tokens' }).waitFor()
    return (await page.locator('main').textContent()) ?? ''
  }

  it('a same-site page using fetch with the cookie creates nothing', async () => {
    const page = await victim.newPage()
    const script = `<script>fetch(${JSON.stringify(`${app.url}${TOKEN_ACTION}`)}, { method: 'POST', credentials: 'include', body: new URLSearchParams(${JSON.stringify(FIELDS)}) })</script>`
    // CORS keeps the answer from the attacker's page (and so from Playwright): the request is
    // followed until it ends, and what it did is read on the victim's own page. Being same-site,
    // it carried the SameSite=Lax session cookie, which is what made it work before the guard.
    const ended = page.waitForEvent('requestfailed', (request) => request.url().startsWith(`${app.url}/settings/api-tokens`))
    await page.goto(hostPage('/fetch-token', script, 'same-site'))
    expect((await ended).method()).toBe('POST')
    expect(await tokensPage(page)).not.toContain('stolen')
    await page.close()
  })

  for (const where of ['cross-site', 'same-site'] as const) {
    it(`a ${where} form, pressed without JavaScript, is refused`, async () => {
      const noScript = await context(false)
      await noScript.addCookies(await victim.cookies(app.url))
      const page = await noScript.newPage()
      await page.goto(hostPage(`/form-token-${where}`, form(`${app.url}${TOKEN_ACTION}`, FIELDS, false), where))
      const answered = appResponse(page, '/settings/api-tokens')
      await page.getByRole('button', { name: 'Claim your prize' }).click()
      expect((await answered).status()).toBe(403)
      expect(await tokensPage(page)).not.toContain('stolen')
      await noScript.close()
    })
  }
})

describe('security headers and the CSP in Chromium', () => {
  async function visit(page: Page, path: string) {
    const violations: string[] = []
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text())
    })
    const response = await page.goto(`${app.url}${path}`)
    return { response: response!, violations }
  }

  it('development: the dashboard hydrates under the CSP, cannot be framed, and signed-in pages are not cached', async () => {
    const person = await context(true)
    const page = await person.newPage()
    await page.goto(`${app.url}/login`)
    await logIn(page, ATTACKER_EMAIL)
    const { response, violations } = await visit(page, '/dashboard')
    const headers = await response.allHeaders()
    expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+'/)
    expect(headers['content-security-policy']).toMatch(/frame-ancestors 'none'/)
    expect(headers['x-frame-options']).toBe('DENY')
    expect(headers['x-content-type-options']).toBe('nosniff')
    expect(headers['referrer-policy']).toBe('same-origin')
    expect(headers['cache-control']).toBe('no-store')
    expect(headers['strict-transport-security']).toBeUndefined()
    // Hydrated: a client-side navigation happens without a new document.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click()
    await page.waitForURL(/\/settings/)
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1)
    expect(violations).toEqual([])
    await person.close()
  })

  it('a page of another site cannot frame the dashboard', async () => {
    const person = await context(true)
    const page = await person.newPage()
    const blocked = new Promise<string>((resolve) => page.on('console', (message) => resolve(message.text())))
    await page.goto(hostPage('/frame', `<iframe src="${app.url}/login"></iframe>`, 'cross-site'))
    expect(await blocked).toMatch(/frame-ancestors|X-Frame-Options|Refused to (display|frame)/)
    await person.close()
  })
})

describe('production mode', () => {
  let production: RunningApp

  beforeAll(async () => {
    production = await startApp({ production: true })
  })

  afterAll(() => production?.stop())

  it('starts on a data folder that does not exist yet and keeps it private', () => {
    const modes: string[] = []
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name)
        if (entry.isDirectory()) walk(full)
        if ((fs.statSync(full).mode & 0o077) !== 0) modes.push(`${(fs.statSync(full).mode & 0o777).toString(8)} ${full}`)
      }
    }
    expect(fs.statSync(production.dataDir).mode & 0o777).toBe(0o700)
    walk(production.dataDir)
    expect(modes).toEqual([])
  })

  it('sends HSTS and the same CSP, and our own pages sign up, log in and hydrate under it', async () => {
    const person = await context(true)
    const page = await person.newPage()
    const violations: string[] = []
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text())
    })
    const response = await page.goto(`${production.url}/signup`)
    const headers = await response!.allHeaders()
    expect(headers['strict-transport-security']).toMatch(/max-age=31536000/)
    expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+'/)
    expect(headers['x-frame-options']).toBe('DENY')
    await signUp(page, production.url, `prod.${Date.now()}@example.com`)
    expect((await person.cookies(production.url)).map((cookie) => cookie.name)).toContain('__Host-duopost_session')
    expect(violations).toEqual([])
    await person.close()
  })

  it('refuses a cross-site login post in production too', async () => {
    const victim = await context(true)
    const page = await victim.newPage()
    const url = hostPage(
      '/prod-login',
      form(`${production.url}/login?_data=routes/login`, { email: ATTACKER_EMAIL, password: PASSWORD }, true),
      'cross-site',
    )
    const answered = page.waitForResponse(
      (response) => response.url().startsWith(`${production.url}/login`) && response.request().method() === 'POST',
    )
    await page.goto(url)
    expect((await answered).status()).toBe(403)
    await victim.close()
  })
})
