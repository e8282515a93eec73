import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { mailMode } from '#app/.server/mail/mail-mode.ts'
import { outboxEmails } from '#app/.server/mail/outbox.ts'
import { LocalTime } from '#app/components/local-time.tsx'

export const meta: MetaFunction = () => [{ title: 'Mailbox · Duopost' }]

/** Only while mail goes to the local outbox (no SMTP_URL, never in production). */
export async function loader(_args: LoaderFunctionArgs) {
  if (mailMode() !== 'outbox') throw new Response('Not found', { status: 404 })
  const emails = await outboxEmails()
  return { emails: emails.map((email) => ({ ...email, createdAt: email.createdAt.toISOString() })) }
}

const URL_PATTERN = /(https?:\/\/[^\s<>"]+)/g

/** The plain-text part with its addresses clickable: the same words a person reads in a mail program. */
function TextPart({ text }: { text: string }) {
  const parts = text.split(URL_PATTERN)
  return (
    <pre className="email-text">
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <a key={index} href={part}>
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </pre>
  )
}

export default function Mailbox() {
  const { emails } = useLoaderData<typeof loader>()
  return (
    <section>
      <h1>Mailbox</h1>
      <p className="hint">
        SMTP_URL is not set, so the emails Duopost would send are kept here instead (newest first). Set SMTP_URL and MAIL_FROM to send them
        for real.
      </p>
      {emails.length === 0 ? <p>No email yet.</p> : null}
      {emails.map((email) => (
        <article key={email.id} className="card email" aria-label={email.subject}>
          <h2>{email.subject}</h2>
          <dl className="facts small">
            <dt>To</dt>
            <dd>{email.to}</dd>
            <dt>Sent</dt>
            <dd>
              <LocalTime iso={email.createdAt} />
            </dd>
          </dl>
          <TextPart text={email.text} />
        </article>
      ))}
    </section>
  )
}
