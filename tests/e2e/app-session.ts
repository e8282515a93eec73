/**
 * A person using an app started with `startApp`, over plain HTTP as a browser without JavaScript
 * would: form posts with the session cookie, and Meta's consent answered at a sandbox process.
 */
import { answerConsent } from '../meta-consent.ts'
import { freePort, type RunningApp, type SandboxProcess } from './app-process.ts'

const PASSWORD = 'correct horse battery staple'

/** A browser's form post: same-origin, so the app's guard lets it through. */
export function postForm(app: RunningApp, pathname: string, fields: [string, string][], cookie = ''): Promise<Response> {
  return fetch(`${app.url}${pathname}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.url, 'sec-fetch-site': 'same-origin', cookie },
    body: new URLSearchParams(fields),
  })
}

function sessionCookie(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0]!)
    .join('; ')
}

/** Signs `email` up and logs in; the session cookie. */
export async function logIn(app: RunningApp, email: string): Promise<string> {
  const fields: [string, string][] = [
    ['email', email],
    ['password', PASSWORD],
  ]
  await postForm(app, '/signup', fields)
  const response = await postForm(app, '/login', fields)
  if (response.status !== 302) throw new Error(`Logging in answered ${response.status}: ${await response.text()}`)
  return sessionCookie(response)
}

/** The Meta settings that make an app use `sandbox` for Facebook, with an app registered there. */
export async function facebookAppAt(sandbox: SandboxProcess, appUrl: string, name: string): Promise<Record<string, string>> {
  const app = await sandbox.control.registerApp({ platform: 'facebook', name, redirectUris: [`${appUrl}/auth/facebook/callback`] })
  return {
    FACEBOOK_APP_ID: app.id,
    FACEBOOK_APP_SECRET: app.secret,
    FACEBOOK_GRAPH_URL: sandbox.url,
    FACEBOOK_AUTHORIZE_URL: `${sandbox.url}/v25.0/dialog/oauth`,
  }
}

/** A new sandbox person with `pages` Pages, all connected to the signed-in person's account; their ids. */
export async function connectNewPages(app: RunningApp, sandbox: SandboxProcess, cookie: string, pages = 1): Promise<string[]> {
  const person = await sandbox.control.createPerson({ name: 'Kim', pages, signIn: true })
  const pageIds = person.pages.map((page) => page.id)
  const connect = await postForm(
    app,
    '/dashboard',
    [
      ['intent', 'connect'],
      ['platform', 'FACEBOOK'],
    ],
    cookie,
  )
  const callback = await answerConsent(connect.headers.get('location')!, { tick: { page_id: pageIds } })
  const connected = await fetch(callback, { redirect: 'manual', headers: { cookie } })
  const landed = connected.headers.get('location')
  if (landed !== '/dashboard?success=facebook_connected') throw new Error(`Connecting the Pages ended at ${landed}.`)
  return pageIds
}

/** A free port and the address the app will have on it (known before it starts, for Meta's redirect URIs). */
export async function freePortUrl(): Promise<{ port: number; url: string }> {
  const port = await freePort()
  return { port, url: `http://localhost:${port}` }
}
