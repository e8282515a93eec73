import { createHmac, randomBytes } from 'node:crypto'

const PREFIX = 'whsec_'

/** A new signing secret in the Standard Webhooks format: "whsec_" and 32 random bytes, base64. */
export function newWebhookSecret(): string {
  return `${PREFIX}${randomBytes(32).toString('base64')}`
}

/**
 * The webhook-signature header for one delivery: HMAC-SHA256 with the secret's bytes over
 * "<webhook-id>.<webhook-timestamp>.<body>", base64, prefixed with the scheme version "v1,".
 */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.slice(PREFIX.length), 'base64')
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`
}
