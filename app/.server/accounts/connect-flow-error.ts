import type { ConnectionErrorCode } from '#app/shared/connection-messages.ts'
import { MetaApiError, type MetaErrorReason } from '../platforms/meta-error.ts'

/** An expected way for a connect flow to end without connecting anything. */
export class ConnectFlowError extends Error {
  override name = 'ConnectFlowError'
  constructor(
    readonly code: ConnectionErrorCode,
    options?: { cause?: unknown },
  ) {
    super(`Connect flow failed: ${code}`, options)
  }
}

// Meta refused a step: say which refusal it was. The code exchange's own failures are the only
// ones that mean the sign-in itself was not accepted; a token refused afterwards is access lost.
const REFUSALS: Partial<Record<MetaErrorReason, ConnectionErrorCode>> = {
  authorization_failed: 'code_rejected',
  permission_missing: 'permission_missing',
  app_misconfigured: 'app_misconfigured',
  app_capability: 'app_misconfigured',
  unexpected_response: 'meta_unexpected',
  unknown: 'meta_unexpected',
  invalid_request: 'meta_unexpected',
}

/** Which message to show when Meta failed during the callback. */
export function connectFlowErrorFor(error: unknown): ConnectFlowError {
  if (error instanceof ConnectFlowError) return error
  if (!(error instanceof MetaApiError)) return new ConnectFlowError('connection_failed', { cause: error })
  switch (error.failure.kind) {
    case 'transient':
      return new ConnectFlowError('meta_unreachable', { cause: error })
    case 'rate_limited':
      return new ConnectFlowError('meta_rate_limited', { cause: error })
    case 'reconnect':
    case 'permanent':
      return new ConnectFlowError(REFUSALS[error.failure.reason] ?? 'access_rejected', { cause: error })
  }
}
