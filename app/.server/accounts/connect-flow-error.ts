import type { ConnectionErrorCode } from '#app/shared/connection-messages.ts'
import { MetaApiError } from '../platforms/meta-error.ts'

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
      return new ConnectFlowError(error.failure.reason === 'permission_missing' ? 'permission_missing' : 'code_rejected', { cause: error })
  }
}
