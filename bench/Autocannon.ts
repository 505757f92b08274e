/**
 * autocannon, the load generator every HTTP benchmark drives, typed as far as they use it.
 */
import { createRequire } from "node:module"

/** The part of autocannon 9 used here (it ships no types, and `@types/autocannon` is not installed). */
export interface LoadOptions {
  readonly url: string
  readonly method?: "GET" | "POST"
  readonly headers?: Record<string, string>
  readonly body?: string
  readonly requests?: ReadonlyArray<{
    readonly method: "GET" | "POST"
    readonly setupRequest: <R extends { path: string; headers?: Record<string, string> }>(request: R) => R
  }>
  readonly connections: number
  readonly duration: number
  readonly timeout: number
}
export interface Histogram {
  readonly average: number
  readonly total: number
  readonly p50: number
  readonly p99: number
}
export interface LoadResult {
  readonly duration: number
  readonly errors: number
  readonly timeouts: number
  readonly non2xx: number
  readonly "2xx": number
  readonly latency: Histogram
  readonly requests: Histogram
  readonly throughput: Histogram
}

/** Runs one load and answers autocannon's summary of it. */
export const autocannon = createRequire(import.meta.url)("autocannon") as (options: LoadOptions) => Promise<LoadResult>
