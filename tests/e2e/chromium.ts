import fs from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

/** Headless flags for this machine's closed network (see the env notes): no background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export const NO_CHROMIUM =
  'No Chromium for the browser tests: install it with `apt-get install -y chromium` (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome binary.'

function playwrightManaged(): string | undefined {
  try {
    return chromium.executablePath()
  } catch {
    return undefined
  }
}

/** A one-line failure: a stack would only point here, not at what to do. */
function oneLine(message: string): Error {
  const error = new Error(message)
  error.stack = message
  return error
}

/** CHROMIUM_PATH, else Debian's /usr/bin/chromium, else a browser Playwright installed itself. */
export function findChromium(): string {
  const chosen = process.env.CHROMIUM_PATH
  if (chosen) {
    if (fs.existsSync(chosen)) return chosen
    throw oneLine(`CHROMIUM_PATH is ${chosen}, which does not exist: point it at a Chromium or Chrome binary, or unset it.`)
  }
  const found = ['/usr/bin/chromium', playwrightManaged()].find((candidate) => candidate && fs.existsSync(candidate))
  if (!found) throw oneLine(NO_CHROMIUM)
  return found
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS })
}
