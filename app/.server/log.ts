/**
 * One JSON line per event on stderr. Callers pass facts, never tokens: Meta errors arrive here
 * already redacted by platforms/, and nothing else in Duopost handles a plaintext token.
 */
export function logEvent(level: 'info' | 'warn' | 'error', event: string, fields: Record<string, unknown> = {}): void {
  if (process.env.NODE_ENV === 'test' && level === 'info') return
  const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...fields })
  process.stderr.write(`${line}\n`)
}

export function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { error: error.name, message: error.message }
  return { error: String(error) }
}
