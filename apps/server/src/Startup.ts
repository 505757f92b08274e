/**
 * What happens once at start: the default account exists, `TILL_SECRET_KEY` works, and the operator
 * is told where things are.
 */
import { Accounts } from "@till/core"
import { Console, Effect, Option } from "effect"
import type { TillConfig } from "./Config.ts"

/** Makes sure the default account (and `TILL_SECRET_KEY`) exist; prints its keys the one time they are made. */
export const ensureDefaultAccount = (config: TillConfig) =>
  Effect.gen(function*() {
    const accounts = yield* Accounts
    const { account, created } = yield* accounts.ensureDefault(Option.getOrUndefined(config.secretKey))
    if (created !== null && Option.isNone(config.secretKey)) {
      yield* Console.log([
        `Created the default account ${account.id}. Its keys are shown this once; keep them:`,
        `  test secret key: ${created.secret_keys.test}`,
        `  live secret key: ${created.secret_keys.live}`
      ].join("\n"))
    }
    return account
  })

/** The line printed once the server listens. */
export const banner = (config: TillConfig, database: string) =>
  [
    `Till is listening on ${config.publicUrl} (port ${config.port}), database: ${database}`,
    `  API docs:     ${config.publicUrl}/docs`,
    `  OpenAPI:      ${config.publicUrl}/openapi.json`,
    `  Worker:       ${config.worker ? "webhook deliveries and expiries run in this process" : "off (TILL_WORKER=false): run `till worker`"}`
  ].join("\n")
