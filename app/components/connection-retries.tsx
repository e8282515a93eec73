import type { DashboardQuery } from '#app/gql/graphql.ts'
import { IntentForm } from './intent-form.tsx'

type Failures = DashboardQuery['connectionFailures']

function targets(count: number): string {
  return count === 1 ? 'the target' : `the ${count} targets`
}

/**
 * After a reconnect, the targets that failed only because the connection needed it: one button per
 * connection publishes them again (reconciling first, so nothing that went out is sent twice).
 */
export function ConnectionRetries({ failures }: { failures: Failures }) {
  if (failures.length === 0) return null
  return (
    <section className="card notice info connection-retries" aria-labelledby="connection-retries-heading">
      <h2 id="connection-retries-heading">Reconnected: retry what failed</h2>
      <ul>
        {failures.map((failure) => (
          <li key={failure.accountId}>
            <p>
              {failure.accountName} works again. {failure.targetCount === 1 ? 'One target' : `${failure.targetCount} targets`} in{' '}
              {failure.postCount === 1 ? 'one post' : `${failure.postCount} posts`} failed because this connection needed a reconnect.
            </p>
            <IntentForm
              intent="retryConnection"
              fields={{ accountId: failure.accountId }}
              label={`Retry ${targets(failure.targetCount)} that failed because of this connection`}
              pendingLabel="Retrying…"
              className="button primary"
            />
          </li>
        ))}
      </ul>
    </section>
  )
}
