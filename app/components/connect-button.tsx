import type { Provider } from '#app/gql/graphql.ts'
import { IntentForm } from './intent-form.tsx'
import { PLATFORM_NAME } from './platform-mark.tsx'

/** Starts Meta's consent flow for the provider: the action redirects the browser to Meta. */
export function ConnectButton({ provider, label, primary = true }: { provider: Provider; label: string; primary?: boolean }) {
  return (
    <IntentForm
      intent="connect"
      fields={{ provider }}
      label={label}
      pendingLabel={`Opening ${PLATFORM_NAME[provider]}…`}
      className={primary ? 'button primary' : 'button'}
    />
  )
}
