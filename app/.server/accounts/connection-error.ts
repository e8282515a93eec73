import type { ConnectionErrorCode } from '#app/shared/connection-messages.ts'
import { MetaApiError } from '../platforms/meta-error.ts'

/** An expected way for a connection attempt to end without connecting anything. */
export class ConnectionError extends Error {
  override name = 'ConnectionError'
  constructor(
    readonly code: ConnectionErrorCode,
    options?: { cause?: unknown },
  ) {
    super(`Connection failed: ${code}`, options)
  }
}

/** Which message to show when Meta failed during the callback. */
export function connectionErrorFor(error: unknown): ConnectionError {
  if (error instanceof ConnectionError) return error
  if (!(error instanceof MetaApiError)) return new ConnectionError('connection_failed', { cause: error })
  switch (error.failure.kind) {
    case 'transient':
      return new ConnectionError('meta_unreachable', { cause: error })
    case 'rate_limited':
      return new ConnectionError('meta_rate_limited', { cause: error })
    case 'reconnect':
    case 'permanent':
      return new ConnectionError(error.failure.reason === 'permission_missing' ? 'permission_missing' : 'code_rejected', { cause: error })
  }
}
