import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { requireUser } from '#app/.server/auth/sessions.ts'
import { DashboardDocument } from '#app/gql/graphql.ts'
import { getGraphQLClient } from '#app/graphql.server.ts'

export const meta: MetaFunction = () => [{ title: 'Dashboard · Duopost' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request)
  const { viewer } = await getGraphQLClient(request).request(DashboardDocument)
  if (!viewer) throw new Response('Your session ended while loading the page. Log in again.', { status: 401 })
  return { viewer }
}

export default function Dashboard() {
  const { viewer } = useLoaderData<typeof loader>()
  return (
    <section>
      <h1>Dashboard</h1>
      <p className="lead">Signed in as {viewer.email}.</p>
    </section>
  )
}
