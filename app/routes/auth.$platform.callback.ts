import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { completeConnectFlow } from '#app/.server/accounts/oauth-flow.ts'
import { isPlatform } from '#app/.server/accounts/platform.ts'
import { getUser } from '#app/.server/auth/sessions.ts'

// The URL carries a one-time code: never cache this response or pass the URL on as a referrer.
const HEADERS = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' }

/** Meta sends the person back here after its consent page, for either platform. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const platform = params.platform
  if (!isPlatform(platform)) throw new Response('Not found', { status: 404, headers: HEADERS })
  const user = await getUser(request)
  // The flow belongs to the person who started it; without their session nothing is exchanged.
  if (!user) throw redirect(`/login?${new URLSearchParams({ redirectTo: '/dashboard' })}`, { headers: HEADERS })

  const outcome = await completeConnectFlow({ platform, userId: user.id, query: new URL(request.url).searchParams })
  const target = new URL(outcome.returnTo, 'http://duopost.invalid')
  if ('success' in outcome) {
    target.searchParams.set('success', outcome.success)
    if (outcome.notice) {
      target.searchParams.set('notice', outcome.notice.code)
      target.searchParams.set('connected', String(outcome.notice.connected))
    }
  } else target.searchParams.set('error', outcome.error)
  return redirect(`${target.pathname}${target.search}`, { headers: HEADERS })
}
