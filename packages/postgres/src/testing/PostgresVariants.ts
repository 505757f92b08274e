/**
 * The vitest globalSetup of the packages that have PostgreSQL variants: one line at the top of the
 * package's output says whether they run, and why not. Skipped blocks alone show only as a count.
 * Another package uses it through a setup file of its own that re-exports `announcePostgresVariants`
 * as its default.
 */
import pg from "pg"
import { postgresUrl } from "./Databases.ts"

const redacted = (url: string) => {
  const u = new URL(url)
  if (u.password !== "") u.password = "***"
  return u.toString()
}

/** Says whether the PostgreSQL variants run; fails at once, saying why, when the named server does not answer. */
export const announcePostgresVariants = async (): Promise<void> => {
  if (postgresUrl === undefined) {
    console.log(
      "PostgreSQL variants skipped: TILL_TEST_DATABASE_URL is not set " +
        "(set it to a server, e.g. postgres://postgres@127.0.0.1:5432/postgres, to run them; .ci/run does)."
    )
    return
  }
  // every variant would fail on its own, each with a connection error: fail once, saying why
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 30_000 })
  try {
    await client.connect()
    await client.query("select 1")
  } catch (error) {
    throw new Error(`TILL_TEST_DATABASE_URL is set, but PostgreSQL at ${redacted(postgresUrl)} does not answer: ${error instanceof Error ? error.message : String(error)}`)
  } finally {
    await client.end().catch(() => undefined)
  }
  console.log(`PostgreSQL variants run against ${redacted(postgresUrl)} (TILL_TEST_DATABASE_URL).`)
}

export default announcePostgresVariants
