import { getEnv, type Env } from '../env.ts'

/**
 * Where email goes: an SMTP server (`SMTP_URL`), the local outbox shown at /dev/mailbox (no
 * SMTP_URL outside production, so every flow works on a laptop), or nowhere (no SMTP_URL in
 * production: the features that need mail say so instead of failing silently).
 */
export type MailMode = 'smtp' | 'outbox' | 'off'

export function mailMode(env: Pick<Env, 'SMTP_URL' | 'NODE_ENV'> = getEnv()): MailMode {
  if (env.SMTP_URL) return 'smtp'
  return env.NODE_ENV === 'production' ? 'off' : 'outbox'
}

/** Printed at start-up and shown where a feature needs mail, when mail is off. */
export const MAIL_OFF_MESSAGE =
  'Email is off on this server because SMTP_URL is not set: password reset, email verification, email changes and notification emails are unavailable until the administrator sets SMTP_URL and MAIL_FROM.'

export function mailSender(env: Pick<Env, 'MAIL_FROM' | 'APP_URL'> = getEnv()): string {
  return env.MAIL_FROM ?? `Duopost <no-reply@${new URL(env.APP_URL).hostname}>`
}
