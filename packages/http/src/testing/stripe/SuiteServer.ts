/**
 * What the Stripe suite needs from a server under test: where it listens, and secret keys of two
 * accounts (a test and a live key of the first, a test key of the second).
 */
import { Context } from "effect"

/** A running Till server and keys to call it with. */
export class SuiteServer extends Context.Service<SuiteServer, {
  readonly host: string
  readonly port: number
  /** `http://host:port`, no trailing slash. */
  readonly url: string
  readonly keys: { readonly test: string; readonly live: string; readonly otherTest: string }
}>()("till/http/test/SuiteServer") {}

/**
 * How long a suite's server may take to start: in memory, instantly; over a fresh database (PGlite's
 * initdb, migrations, pg-boss's schema) a few seconds idle and past a minute on a loaded 2-core machine.
 */
export const START_TIMEOUT = "4 minutes"
