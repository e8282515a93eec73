/**
 * How long publishing waits for Meta. Meta's guidance mixes "about 30 seconds" for media with
 * "poll once a minute for up to 5 minutes"; its own sample polls every 5 seconds. We check text
 * almost at once and media after half a second (small images are often ready by then; the
 * benchmark showed a 2-second first wait dominating a post's time), then back off, within a
 * 5-minute budget.
 */
export type PublishTimings = {
  firstCheckMs: { text: number; media: number }
  maxCheckIntervalMs: number
  mediaBudgetMs: number
  /** Waits before re-trying a publish Meta answered with "not ready" (24/4279009). */
  notReadyRetryDelaysMs: readonly number[]
  /**
   * After a send whose answer was lost, a search of the Page that finds nothing is repeated once
   * this long after that send before anything is sent again: Meta may show the post late.
   */
  recheckAfterMs: number
}

export const DEFAULT_TIMINGS: PublishTimings = {
  firstCheckMs: { text: 250, media: 500 },
  maxCheckIntervalMs: 15_000,
  mediaBudgetMs: 5 * 60_000,
  notReadyRetryDelaysMs: [2_000, 5_000, 10_000],
  recheckAfterMs: 10_000,
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
