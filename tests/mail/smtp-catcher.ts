import type { AddressInfo } from 'node:net'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { reloadEnv } from '#app/.server/env.ts'
import { closeMailTransports } from '#app/.server/mail/send-email.ts'

export type CaughtMail = {
  to: string
  from: string
  subject: string
  text: string
  html: string
  headers: ParsedMail['headers']
  /** Every http(s) address in the text part, in order. */
  links: string[]
}

const LINK = /https?:\/\/[^\s<>"]+/g

/**
 * A real SMTP server on a free loopback port, in this process: the app sends to it over SMTP
 * (SMTP_URL points at it) and the test reads what arrived, parsed as a mail program would.
 */
export async function startSmtpCatcher() {
  const inbox: CaughtMail[] = []
  const waiters = new Set<() => void>()
  const server = new SMTPServer({
    authOptional: true,
    // No certificate to offer: plain SMTP on loopback.
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          inbox.push({
            to: mail.to && !Array.isArray(mail.to) ? mail.to.text : '',
            from: mail.from?.text ?? '',
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
            headers: mail.headers,
            links: (mail.text ?? '').match(LINK) ?? [],
          })
          for (const wake of waiters) wake()
          callback()
        })
        .catch((error: Error) => callback(error))
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`
  process.env.MAIL_FROM = 'Duopost Test <duopost@example.test>'
  reloadEnv()

  /** The first email to `to` whose subject matches, waiting up to `ms` for it to arrive. */
  async function waitFor(to: string, subject: RegExp, ms = 10_000): Promise<CaughtMail> {
    const deadline = Date.now() + ms
    for (;;) {
      const found = inbox.find((mail) => mail.to.includes(to) && subject.test(mail.subject))
      if (found) return found
      const left = deadline - Date.now()
      if (left <= 0)
        throw new Error(`No email to ${to} matching ${subject} arrived; got: ${inbox.map((m) => `${m.to}: ${m.subject}`).join('; ')}`)
      await new Promise<void>((resolve) => {
        const wake = () => {
          waiters.delete(wake)
          clearTimeout(timer)
          resolve()
        }
        const timer = setTimeout(wake, left)
        waiters.add(wake)
      })
    }
  }

  return {
    inbox,
    waitFor,
    /** Emails to `to` so far. */
    to: (address: string) => inbox.filter((mail) => mail.to.includes(address)),
    async stop() {
      closeMailTransports()
      delete process.env.SMTP_URL
      delete process.env.MAIL_FROM
      reloadEnv()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

export type SmtpCatcher = Awaited<ReturnType<typeof startSmtpCatcher>>
