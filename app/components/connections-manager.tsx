import type { DashboardQuery } from '#app/gql/graphql.ts'
import { FacebookPagesCard } from './facebook-pages-card.tsx'
import { ThreadsCard } from './threads-card.tsx'

/** Where the person connects, checks and removes the places Duopost publishes to. */
export function ConnectionsManager({ connections }: { connections: DashboardQuery['connections'] }) {
  return (
    <section className="section" aria-labelledby="connections-heading">
      <h2 id="connections-heading">Connections</h2>
      <div className="connections-grid">
        <ThreadsCard available={connections.threadsAvailable} threads={connections.threads} />
        <FacebookPagesCard available={connections.facebookAvailable} pages={connections.facebookPages} />
      </div>
    </section>
  )
}
