/**
 * The retry schedule as docs/webhooks.md shows it: one row per attempt, with the wait before it (the
 * range pg-boss's jitter spans) and when it happens, counted from the first attempt.
 */
import { type RetryPolicy, schedule } from "../../src/Queues.ts"

/** A duration in seconds, in the unit a reader wants: `45 s`, `12 min`, `3.2 h`. */
export const human = (seconds: number): string =>
  seconds < 60 ? `${seconds} s` : seconds < 3600 ? `${Math.round(seconds / 60)} min` : `${Number((seconds / 3600).toFixed(1))} h`

/** The Markdown table of a policy's schedule. */
export const scheduleTable = (policy: RetryPolicy): string =>
  [
    "| attempt | wait before it | happens after |",
    "|---:|---|---|",
    ...schedule(policy).map((row) =>
      row.attempt === 1
        ? "| 1 | | at once (on commit) |"
        : `| ${row.attempt} | ${human(row.minDelay)}${row.maxDelay === row.minDelay ? "" : ` to ${human(row.maxDelay)}`} | ${human(row.minElapsed)} to ${human(row.maxElapsed)} |`
    )
  ].join("\n")
