import { randomUUID } from 'node:crypto'
import nodemailer, { type Transporter } from 'nodemailer'
import { prisma } from '../db.ts'
import { getEnv } from '../env.ts'
import { errorFields, logEvent } from '../log.ts'
import { composeEmail, type EmailContent } from './compose.ts'
import { mailMode, mailSender } from './mail-mode.ts'

export class MailOffError extends Error {
  override name = 'MailOffError'
  constructor() {
    super('Email is off on this server (SMTP_URL is not set).')
  }
}

// One pooled connection per SMTP URL: the configuration is read again after reloadEnv().
const transports = new Map<string, Transporter>()

function transportFor(url: string): Transporter {
  let transport = transports.get(url)
  if (!transport) {
    transport = nodemailer.createTransport(url)
    transports.set(url, transport)
  }
  return transport
}

/** A Message-ID for an email that may be sent again after a crash, recorded before the first send. */
export function newMessageId(): string {
  return `<${randomUUID()}@${new URL(getEnv().APP_URL).hostname}>`
}

/**
 * Sends one email over SMTP, or keeps it in the local outbox outside production when SMTP is not
 * configured. Throws MailOffError when mail is off, and the SMTP server's error when it refuses:
 * callers that must not fail (a notification pass) catch and record it. An email sent again with
 * the same `messageId` is kept once in the outbox; over SMTP, mail programs drop the copy.
 */
export async function sendEmail(to: string, content: EmailContent, options: { messageId?: string } = {}): Promise<void> {
  const email = composeEmail(content)
  const mode = mailMode()
  if (mode === 'off') throw new MailOffError()
  if (mode === 'outbox') {
    await prisma.outboxEmail.createMany({ data: [{ to, ...email, messageId: options.messageId ?? null }], skipDuplicates: true })
    return
  }
  try {
    await transportFor(getEnv().SMTP_URL!).sendMail({
      from: mailSender(),
      to,
      ...email,
      ...(options.messageId ? { messageId: options.messageId } : {}),
    })
  } catch (error) {
    // The SMTP URL may carry a password; nodemailer's messages do not, so only they are logged.
    logEvent('warn', 'mail.send_failed', errorFields(error))
    throw error
  }
}

/**
 * Runs `send` after the answer: a request's timing must not tell whether an email went out, and a
 * slow or failing mail server must not fail the form (the person can ask again).
 */
export function sendInBackground(what: string, send: () => Promise<void>): void {
  if (mailMode() === 'off') return
  void send().catch((error: unknown) => logEvent('warn', 'mail.background_failed', { what, ...errorFields(error) }))
}

/** Closes the pooled SMTP connections (tests that stop their SMTP server). */
export function closeMailTransports(): void {
  for (const transport of transports.values()) transport.close()
  transports.clear()
}
