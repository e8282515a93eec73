import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { endSession } from '#app/.server/auth/sessions.ts'

export async function action({ request }: ActionFunctionArgs) {
  return redirect('/login', { headers: { 'Set-Cookie': await endSession(request) } })
}

// Logging out changes state, so it is POST only; a GET (a link, a prefetch) just goes home.
export function loader() {
  return redirect('/')
}
