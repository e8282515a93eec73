/** Meta's consent page, answered over plain HTTP (no test runner needed, so scripts and benchmarks use it too). */

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'" }

function decode(value: string): string {
  return value.replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (entity) => ENTITIES[entity] ?? entity)
}

function attribute(tag: string, name: string): string | undefined {
  const value = new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1]
  return value === undefined ? undefined : decode(value)
}

/**
 * Answers Meta's consent page as a person in a browser would: opens the authorization URL and
 * submits its form with the hidden fields and the ticked boxes (by default those the page ticks;
 * `pages` replaces the Page choice), pressing Approve or Deny. Returns where Meta redirects to.
 */
export async function answerConsent(
  authorizeUrl: string,
  options: { decision?: 'approve' | 'deny'; tick?: Record<string, readonly string[]> } = {},
): Promise<URL> {
  const page = await fetch(authorizeUrl)
  const html = await page.text()
  if (!page.ok) throw new Error(`The consent page answered ${page.status}: ${html.slice(0, 300)}`)
  const form = /<form method="post" action="([^"]*)">([\s\S]*?)<\/form>/.exec(html)
  if (!form) throw new Error(`No consent form on the page: ${html.slice(0, 300)}`)
  const fields = new URLSearchParams()
  for (const [input] of form[2]!.matchAll(/<input\b[^>]*>/g)) {
    const type = attribute(input, 'type')
    const name = attribute(input, 'name')
    const value = attribute(input, 'value') ?? ''
    if (!name) continue
    const chosen = options.tick?.[name]
    const ticked = type === 'checkbox' && (chosen ? chosen.includes(value) : /\bchecked\b/.test(input))
    if (type === 'hidden' || ticked) fields.append(name, value)
  }
  fields.append('decision', options.decision ?? 'approve')
  const response = await fetch(new URL(decode(form[1]!), authorizeUrl), { method: 'POST', body: fields, redirect: 'manual' })
  const location = response.headers.get('location')
  if (response.status !== 302 || !location)
    throw new Error(`The consent form answered ${response.status}: ${(await response.text()).slice(0, 300)}`)
  return new URL(location)
}
