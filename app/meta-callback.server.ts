import { CallbackNotConfiguredError } from '#app/.server/accounts/meta-callbacks.ts'
import { logEvent } from '#app/.server/log.ts'
import { InvalidSignedRequestError } from '#app/.server/platforms/signed-request.ts'

/**
 * The shape shared by Meta's four callbacks: a form POST with `signed_request`, answered with JSON.
 * A request that fails verification gets 400 and changes nothing.
 */
export async function answerMetaCallback(request: Request, handle: (signedRequest: unknown) => Promise<object>): Promise<Response> {
  const form = await request.formData().catch(() => null)
  try {
    return Response.json(await handle(form?.get('signed_request')))
  } catch (error) {
    if (error instanceof InvalidSignedRequestError) {
      logEvent('warn', 'meta.callback_rejected', { path: new URL(request.url).pathname, reason: error.message })
      return Response.json({ error: error.message }, { status: 400 })
    }
    if (error instanceof CallbackNotConfiguredError) return Response.json({ error: error.message }, { status: 503 })
    throw error
  }
}
