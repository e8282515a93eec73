// Keeps Meta credentials out of error messages and logs (security checklist OA-11, OA-12).

/** Request parameters whose values are credentials, wherever they are sent. */
export const SECRET_PARAMS: ReadonlySet<string> = new Set([
  'access_token',
  'client_secret',
  'appsecret_proof',
  'code',
  'fb_exchange_token',
  'input_token',
])

export const REDACTED = '[redacted]'

const SECRET_ASSIGNMENT = new RegExp(`\\b(${[...SECRET_PARAMS].join('|')})=[^&\\s"']+`, 'g')
// Meta's token shapes (gitleaks' Facebook rule; Threads tokens start with TH), for text that
// quotes a token without its parameter name.
const TOKEN_SHAPES = [/EAA[A-Za-z0-9]{20,}/g, /\bTH[A-Za-z0-9_-]{30,}/g]

/** The values among `params` that must never appear in text leaving the HTTP layer. */
export function secretValues(params: Readonly<Record<string, string | undefined>>): string[] {
  return Object.entries(params)
    .filter(([name, value]) => SECRET_PARAMS.has(name) && value)
    .map(([, value]) => value as string)
}

/** Removes the given secret values, any `secret_param=value` and anything shaped like a Meta token. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let clean = text
  for (const secret of secrets) clean = clean.split(secret).join(REDACTED)
  clean = clean.replace(SECRET_ASSIGNMENT, `$1=${REDACTED}`)
  for (const shape of TOKEN_SHAPES) clean = clean.replace(shape, REDACTED)
  return clean
}
