// Every rule that depends on time (token age and expiry, code lifetime, container processing and
// expiry, quota windows, scheduled posts) reads this clock, so tests can move time forward instead
// of waiting.
export class Clock {
  #offsetMs = 0

  now(): number {
    return Date.now() + this.#offsetMs
  }

  nowSeconds(): number {
    return Math.floor(this.now() / 1000)
  }

  get offsetMs(): number {
    return this.#offsetMs
  }

  /** Only forwards: moving back would let codes and tokens come back to life. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('The sandbox clock only moves forward')
    this.#offsetMs += ms
  }

  reset(): void {
    this.#offsetMs = 0
  }
}

export const SECOND = 1000
export const MINUTE = 60 * SECOND
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** Meta's timestamp format on Threads and Graph objects: `2024-09-12T23:17:39+0000`. */
export function metaTimestamp(ms: number): string {
  return isoSeconds(ms).replace('Z', '+0000')
}

/**
 * A time as Meta's parameters take it (`since`, `until`, `scheduled_publish_time`): Unix seconds,
 * or a date string (ISO 8601 and the like, standing in for PHP's strtotime). NaN when unreadable.
 */
export function parseMetaTime(raw: string): number {
  return /^\d+$/.test(raw) ? Number(raw) * 1000 : Date.parse(raw)
}
