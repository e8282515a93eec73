// autocannon ships no types; this declares the part of its API the benchmarks use.
declare module 'autocannon' {
  type Histogram = { average: number; total: number; p50: number; p99: number }

  export type Options = {
    url: string
    method?: string
    headers?: Record<string, string>
    body?: string
    connections?: number
    /** Seconds. */
    duration?: number
    /** Load is generated in this many worker threads, off the main event loop. */
    workers?: number
    /** Answers with another body are counted in `mismatches`. */
    expectBody?: string
  }

  export type Result = {
    requests: Histogram
    /** Milliseconds. */
    latency: Histogram
    /** Seconds. */
    duration: number
    errors: number
    timeouts: number
    non2xx: number
    mismatches: number
  }

  export default function autocannon(options: Options): Promise<Result>
}
