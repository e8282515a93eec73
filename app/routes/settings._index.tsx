import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { endAllSessions, endSession, requireUser } from '#app/.server/auth/sessions.ts'
import { LocalTime } from '#app/components/local-time.tsx'
import { TimeZoneForm } from '#app/components/time-zone-form.tsx'
import { SettingsDocument, UpdateTimeZoneDocument } from '#app/gql/graphql.ts'
import { getGraphQLClient } from '#app/graphql.server.ts'

export const meta: MetaFunction = () => [{ title: 'Account settings · Duopost' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request)
  const { viewer } = await getGraphQLClient(request).request(SettingsDocument)
  if (!viewer) throw new Response('Your session ended while loading the page. Log in again.', { status: 401 })
  return { viewer }
}

/**
 * The time zone is saved through the API like any other change; signing out everywhere is about
 * sessions, not the API, so it calls the auth service directly.
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const form = await request.formData()
  if (form.get('intent') === 'timeZone') {
    const input = { timeZone: String(form.get('timeZone') ?? '') }
    const result = (await getGraphQLClient(request).request(UpdateTimeZoneDocument, { input })).updateTimeZone
    if (result.__typename === 'User') return { timeZoneError: null, saved: true }
    return data({ timeZoneError: result.issues.map((issue) => issue.message).join(' '), saved: false }, { status: 400 })
  }
  await endAllSessions(user.id)
  return redirect('/login', { headers: { 'Set-Cookie': await endSession(request) } })
}

export default function AccountSettings() {
  const { viewer } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  const signingOut = navigation.state === 'submitting' && navigation.formData?.get('intent') !== 'timeZone'
  return (
    <>
      <section className="card" aria-labelledby="account-heading">
        <h2 id="account-heading">Account</h2>
        <dl className="facts">
          <dt>Email</dt>
          <dd>{viewer.email}</dd>
          <dt>Member since</dt>
          <dd>
            <LocalTime iso={viewer.createdAt} dateOnly />
          </dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="time-heading">
        <h2 id="time-heading">Time</h2>
        <TimeZoneForm timeZone={viewer.timeZone} error={result?.timeZoneError ?? null} saved={result?.saved ?? false} />
      </section>
      <section className="card" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Sessions</h2>
        <p>Signs you out of Duopost in every browser, this one included. Use it if you signed in on a computer you no longer use.</p>
        <Form method="post">
          <button type="submit" className="button danger" disabled={signingOut}>
            {signingOut ? 'Signing out…' : 'Sign out of all sessions'}
          </button>
        </Form>
      </section>
    </>
  )
}
