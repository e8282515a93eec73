import type { CallRecord } from './control-types.ts'
import { FlatOAuthError, GraphError, metaError } from './errors.ts'
import { json, type Reply } from './http.ts'
import { fbtraceId } from './ids.ts'

export interface RenderedError {
  reply: Reply
  summary: NonNullable<CallRecord['error']>
}

/** Meta's answer for a failure, plus the summary the call log keeps. */
export function renderError(error: unknown): RenderedError {
  if (error instanceof FlatOAuthError) {
    return {
      reply: json(400, { error_type: 'OAuthException', code: 400, error_message: error.message }),
      summary: { code: 400, message: error.message },
    }
  }
  const graphError = error instanceof GraphError ? error : unexpected(error)
  const { fields } = graphError
  const headers: Record<string, string> = { ...graphError.headers }
  // Meta repeats OAuth failures in a WWW-Authenticate header.
  if (fields.type === 'OAuthException') {
    const kind = fields.code === 190 ? 'invalid_token' : 'invalid_request'
    const quoted = fields.message.replace(/["’]/g, "'").replace(/[^\x20-\x7e]/g, '?')
    headers['www-authenticate'] = `OAuth "Facebook Platform" "${kind}" "${quoted}"`
  }
  return {
    reply: json(graphError.status, { error: { ...fields, fbtrace_id: fbtraceId() } }, headers),
    summary: {
      code: fields.code,
      ...(fields.error_subcode !== undefined ? { error_subcode: fields.error_subcode } : {}),
      message: fields.message,
    },
  }
}

// A sandbox bug: say so on stderr, and answer as Meta answers its own failures.
function unexpected(error: unknown): GraphError {
  console.error('[sandbox] unexpected error', error)
  return metaError(1)
}
