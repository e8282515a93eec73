import type { ActionFunctionArgs } from '@remix-run/node'
import { handleDeauthorize } from '#app/.server/publishing/access-removed.ts'
import { answerMetaCallback } from '#app/meta-callback.server.ts'

/** The Threads use case's Uninstall Callback URL. */
export function action({ request }: ActionFunctionArgs) {
  return answerMetaCallback(request, (signed) => handleDeauthorize('threads', signed))
}
