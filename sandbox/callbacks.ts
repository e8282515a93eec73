import type { SandboxContext } from './context.ts'
import type { CallbackInput, CallbackResult } from './control-types.ts'
import { ControlError } from './control-error.ts'
import { requireApp, requirePerson } from './directory.ts'
import { revokeGrant } from './grants.ts'
import { signRequest } from './signed-request.ts'

const CALLBACK_TIMEOUT_MS = 10_000
const DELETION_REQUEST_TTL_S = 3600

function deletionProblems(body: string): string[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return ['The answer is not JSON; Meta expects {"url": ..., "confirmation_code": ...}']
  }
  const answer = (parsed ?? {}) as { url?: unknown; confirmation_code?: unknown }
  const problems: string[] = []
  if (typeof answer.url !== 'string' || !/^https?:\/\//.test(answer.url)) problems.push('url must be the address of a status page')
  if (typeof answer.confirmation_code !== 'string' || !/^[A-Za-z0-9]+$/.test(answer.confirmation_code)) {
    problems.push('confirmation_code must be an alphanumeric string')
  }
  return problems
}

/**
 * The person removes the app (and, for data deletion, asks for their data to go): the grant is
 * revoked, then Meta's form POST with a `signed_request` goes to the URL the app registered.
 */
export async function fireCallback(ctx: SandboxContext, input: CallbackInput): Promise<CallbackResult> {
  const app = requireApp(ctx, input.appId)
  const person = requirePerson(ctx, input.personId)
  const registered = input.kind === 'deauthorize' ? app.deauthorizeCallbackUrl : app.dataDeletionCallbackUrl
  if (!registered) throw new ControlError(`App ${app.id} registered no ${input.kind} callback URL`)
  if (input.url !== undefined && input.url !== registered) {
    throw new ControlError(`Meta only calls the registered ${input.kind} URL (${registered}), not ${input.url}`)
  }
  const userId = app.platform === 'threads' ? ctx.store.profileOfPerson(person.id)?.id : person.id
  if (!userId) throw new ControlError(`${person.name} has no Threads profile`)
  const issuedAt = ctx.clock.nowSeconds()
  const payload: Record<string, unknown> =
    input.kind === 'deauthorize'
      ? { algorithm: 'HMAC-SHA256', issued_at: issuedAt, user_id: userId }
      : { algorithm: 'HMAC-SHA256', expires: issuedAt + DELETION_REQUEST_TTL_S, issued_at: issuedAt, user_id: userId }
  revokeGrant(ctx, app.id, person.id)
  const signedRequest = signRequest(payload, app.secret)
  let status = 0
  let body = ''
  try {
    const response = await fetch(registered, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ signed_request: signedRequest }).toString(),
      signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
    })
    status = response.status
    body = await response.text()
  } catch (error) {
    body = error instanceof Error ? error.message : String(error)
  }
  const problems =
    status === 0 ? [`The callback could not be reached: ${body}`] : input.kind === 'data_deletion' ? deletionProblems(body) : []
  return { url: registered, status, body, signedRequest, payload, problems }
}
