import type { ActionFunctionArgs } from '@remix-run/node'
import { handleDataDeletion } from '#app/.server/publishing/access-removed.ts'
import { answerMetaCallback } from '#app/meta-callback.server.ts'

/** The Threads use case's Delete Callback URL. */
export function action({ request }: ActionFunctionArgs) {
  return answerMetaCallback(request, (signed) => handleDataDeletion('threads', signed))
}
