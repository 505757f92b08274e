/**
 * The vitest globalSetup: one line at the top of the output says whether the PostgreSQL variants run.
 * Vitest loads a global setup's imports with Node's default conditions, so this one reads @till/postgres's
 * build (`dist`), not its source: `turbo run test` builds it first; run `npx turbo run build` before
 * `npx vitest` here.
 */
export { announcePostgresVariants as default } from "@till/postgres/testing"
