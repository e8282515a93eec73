import { Form, useLocation } from '@remix-run/react'

/** Until the address is confirmed the account works, but no notification is sent to it. */
export function VerifyEmailBanner({ email }: { email: string }) {
  const { pathname, search } = useLocation()
  return (
    <div className="verify-banner" role="status">
      <p>
        Confirm your email address: Duopost sent a link to <strong>{email}</strong>. Until then it cannot tell you when a post fails.
      </p>
      <Form method="post" action="/verify-email" className="inline">
        <input type="hidden" name="redirectTo" value={`${pathname}${search}`} />
        <button type="submit" className="button subtle">
          Send the link again
        </button>
      </Form>
    </div>
  )
}
