/** What an email says, before it is laid out as text and HTML. */
export type EmailContent = {
  subject: string
  /** The first line: who this is for and what happened. */
  heading: string
  paragraphs: string[]
  action?: { label: string; url: string }
  /** Why the person got this email, for the footer ("You asked to reset your password."). */
  reason: string
}

export type ComposedEmail = { subject: string; text: string; html: string }

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char]!)
}

/**
 * Every email has a plain-text part that says everything the HTML part says, needs no image, and
 * names the app and why it was sent. Links are written out in full in both parts, so a person can
 * see where a button goes.
 */
export function composeEmail(content: EmailContent): ComposedEmail {
  const footer = `${content.reason} This email was sent by Duopost.`
  const text = [
    content.heading,
    '',
    ...content.paragraphs.flatMap((paragraph) => [paragraph, '']),
    ...(content.action ? [`${content.action.label}: ${content.action.url}`, ''] : []),
    '--',
    footer,
    '',
  ].join('\n')
  const button = content.action
    ? `<p><a href="${escapeHtml(content.action.url)}" style="display:inline-block;padding:10px 16px;background:#1d4ed8;color:#ffffff;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(content.action.label)}</a></p>` +
      `<p style="font-size:13px;color:#555555">Or paste this address into your browser: ${escapeHtml(content.action.url)}</p>`
    : ''
  const html = [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111111">',
    `<p style="font-weight:700;font-size:17px">${escapeHtml(content.heading)}</p>`,
    ...content.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    button,
    `<hr><p style="font-size:13px;color:#555555">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n')
  return { subject: `${content.subject} · Duopost`, text, html }
}
