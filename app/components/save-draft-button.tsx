import { useNavigation } from '@remix-run/react'
import { useHydrated } from '#app/hooks/use-hydrated.ts'
import { submittedIntent } from '#app/publish-form.ts'

/**
 * "Save draft": a second submit button of the composer's form with its own intent, so it works
 * without JavaScript. It skips the browser's field checks: a draft may be half written.
 */
export function SaveDraftButton() {
  const hydrated = useHydrated()
  const navigation = useNavigation()
  const sending = navigation.state !== 'idle' && navigation.formData !== undefined
  const saving = sending && submittedIntent(navigation.formData!) === 'saveDraft'
  return (
    <button type="submit" name="intent" value="saveDraft" formNoValidate className="button large" disabled={hydrated && sending}>
      {saving ? 'Saving…' : 'Save draft'}
    </button>
  )
}
