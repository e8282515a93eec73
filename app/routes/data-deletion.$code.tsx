import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { findDataDeletionRequest } from '#app/.server/accounts/meta-callbacks.ts'

export const meta: MetaFunction = () => [{ title: 'Data deletion status · Duopost' }]

/** The page Meta links a person to after they asked for their data to be deleted. */
export async function loader({ params }: LoaderFunctionArgs) {
  const request = await findDataDeletionRequest(params.code ?? '')
  if (!request) throw new Response('No deletion request has this confirmation code.', { status: 404 })
  return {
    code: request.confirmationCode,
    provider: request.provider === 'threads' ? 'Threads' : 'Facebook',
    completed: request.status === 'completed',
    requestedAt: request.createdAt.toISOString(),
    completedAt: request.completedAt?.toISOString() ?? null,
    deletedAccounts: request.deletedAccounts,
  }
}

export default function DataDeletionStatus() {
  const status = useLoaderData<typeof loader>()
  return (
    <section className="narrow">
      <h1>Data deletion request</h1>
      <div className="card">
        <p>
          Confirmation code: <code>{status.code}</code>
        </p>
        <p>
          {status.completed
            ? `Done. Duopost deleted the ${status.provider} connections it held for you (${status.deletedAccounts}), with their access tokens, and removed the ${status.provider} ids of your posts.`
            : 'In progress. Duopost is deleting your data; check this page again shortly.'}
        </p>
        <p className="muted">
          Requested {status.requestedAt.replace('T', ' ').slice(0, 16)} UTC
          {status.completedAt ? `, completed ${status.completedAt.replace('T', ' ').slice(0, 16)} UTC` : ''}.
        </p>
      </div>
    </section>
  )
}
