import type { Platform } from '#app/gql/graphql.ts'
import { IntentForm } from './intent-form.tsx'
import { PLATFORM_NAME } from './platform-mark.tsx'

/** Starts the connect flow for the platform: the action redirects the browser to Meta. */
export function ConnectButton({ platform, label, primary = true }: { platform: Platform; label: string; primary?: boolean }) {
  return (
    <IntentForm
      intent="connect"
      fields={{ platform }}
      label={label}
      pendingLabel={`Opening ${PLATFORM_NAME[platform]}…`}
      className={primary ? 'button primary' : 'button'}
    />
  )
}
