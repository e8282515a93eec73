import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { clientIp } from '#app/load-context.ts'
import { getYoga } from '#graphql/yoga.ts'

// GET serves queries and (outside production) GraphiQL; POST serves everything else.
// The client's address goes along for the per-address rate limit (graphql/rate-limit.ts).
export function loader({ request, context }: LoaderFunctionArgs) {
  return getYoga().handleRequest(request, { clientIp: clientIp(context) })
}

export function action({ request, context }: ActionFunctionArgs) {
  return getYoga().handleRequest(request, { clientIp: clientIp(context) })
}
