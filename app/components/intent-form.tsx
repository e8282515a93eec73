import { Form, useNavigation } from '@remix-run/react'

type Props = {
  intent: 'connect' | 'disconnect' | 'retry' | 'retryConnection' | 'cancel' | 'publishNow' | 'reschedule' | 'deleteDraft'
  /** The route whose action handles the intent. */
  action?: '/dashboard' | '/posts' | '/drafts'
  fields?: Record<string, string>
  label: string
  /** What the button says while its form is being sent. */
  pendingLabel: string
  /** When the visible label alone is ambiguous in a list ("Remove" next to each Page). */
  accessibleLabel?: string
  className?: string
}

/**
 * One button that posts one intent to the dashboard's action: a real form, so it works without
 * JavaScript; with it, the button says what is happening and cannot be pressed twice.
 */
export function IntentForm({
  intent,
  action = '/dashboard',
  fields = {},
  label,
  pendingLabel,
  accessibleLabel,
  className = 'button',
}: Props) {
  const navigation = useNavigation()
  const sent = navigation.formData
  const pending =
    navigation.state !== 'idle' &&
    sent?.get('intent') === intent &&
    Object.entries(fields).every(([name, value]) => sent.get(name) === value)
  return (
    <Form method="post" action={action} className="intent-form">
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className={className} disabled={pending} aria-label={pending ? undefined : accessibleLabel}>
        {pending ? pendingLabel : label}
      </button>
    </Form>
  )
}
