import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { getYoga } from '#graphql/yoga.ts'

// GET serves queries and (outside production) GraphiQL; POST serves everything else.
export function loader({ request }: LoaderFunctionArgs) {
  return getYoga().handleRequest(request, {})
}

export function action({ request }: ActionFunctionArgs) {
  return getYoga().handleRequest(request, {})
}
