import type { ActionFunctionArgs } from '@remix-run/node'
import { handleDataDeletion } from '#app/.server/publishing/access-removed.ts'
import { answerMetaCallback } from '#app/meta-callback.server.ts'

/** The Facebook app's Data Deletion Request URL. */
export function action({ request }: ActionFunctionArgs) {
  return answerMetaCallback(request, (signed) => handleDataDeletion('facebook', signed))
}
