import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData, useNavigation } from '@remix-run/react'
import { getSession, requireUser } from '#app/.server/auth/sessions.ts'
import { MAIL_OFF_MESSAGE, mailMode } from '#app/.server/mail/mail-mode.ts'
import { notificationPreferences, setNotificationPreferences } from '#app/.server/notifications/preferences.ts'
import { CHOOSABLE_KINDS, type ChoosableKind } from '#app/shared/notification-kinds.ts'
import { FlashMessage } from '#app/components/flash-message.tsx'
import { setFlash, takeFlash } from '#app/flash.server.ts'

export const meta: MetaFunction = () => [{ title: 'Notifications · Duopost' }]

const PAGE = '/settings/notifications'

const KINDS: Record<ChoosableKind, { label: string; hint: string }> = {
  post_failed: {
    label: 'A post failed or may not have been published',
    hint: 'One email per post, listing what happened on each profile and Page and what to do.',
  },
  connection_needs_reconnect: {
    label: 'A connection needs reconnecting',
    hint: 'Once each time Meta stops accepting Duopost’s access, with a Reconnect link.',
  },
  connection_expiring: {
    label: 'A connection will expire and cannot be renewed automatically',
    hint: 'About a week before, so you can reconnect in time.',
  },
  threads_quota_nearly_used: {
    label: 'A Threads profile has nearly used up its publishing quota',
    hint: 'Once per quota window (a day), when 90% of the posts Threads allows are used, so you can spread out what is scheduled.',
  },
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const session = await getSession(request)
  const { flash, headers } = await takeFlash(request)
  return data(
    {
      preferences: await notificationPreferences(user.id),
      email: user.email,
      unverified: session ? !session.emailVerified : false,
      mailOff: mailMode() === 'off' ? MAIL_OFF_MESSAGE : null,
      flash,
    },
    { headers },
  )
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const form = await request.formData()
  const choices = Object.fromEntries(CHOOSABLE_KINDS.map((kind) => [kind, form.get(kind) === 'none' ? 'none' : 'email'])) as Record<
    ChoosableKind,
    'email' | 'none'
  >
  await setNotificationPreferences(user.id, choices)
  return redirect(PAGE, { headers: { 'Set-Cookie': await setFlash('success', 'Your notification choices are saved.') } })
}

export default function NotificationSettings() {
  const { preferences, email, unverified, mailOff, flash } = useLoaderData<typeof loader>()
  const saving = useNavigation().state === 'submitting'
  return (
    <section className="card" aria-labelledby="notifications-heading">
      <FlashMessage flash={flash} />
      <h2 id="notifications-heading">Notifications</h2>
      {mailOff ? <p className="alert warning">{mailOff}</p> : null}
      {unverified ? (
        <p className="alert warning">Nothing is sent to {email} until you confirm it: use the link in the confirmation email.</p>
      ) : (
        <p>Emails go to {email}.</p>
      )}
      <Form method="post">
        {CHOOSABLE_KINDS.map((kind) => (
          <fieldset key={kind} className="field" aria-describedby={`${kind}-hint`}>
            <legend>{KINDS[kind].label}</legend>
            <p id={`${kind}-hint`} className="hint">
              {KINDS[kind].hint}
            </p>
            <label className="check">
              <input type="radio" name={kind} value="email" defaultChecked={preferences[kind] === 'email'} />
              Email me
            </label>
            <label className="check">
              <input type="radio" name={kind} value="none" defaultChecked={preferences[kind] === 'none'} />
              Nothing
            </label>
          </fieldset>
        ))}
        <button type="submit" className="button primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save choices'}
        </button>
      </Form>
    </section>
  )
}
