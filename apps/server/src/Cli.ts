/**
 * The `till` command: `serve` (the default), `migrate`, and `accounts create`.
 */
import { Accounts } from "@till/core"
import { Console, Effect, Layer, Option } from "effect"
import { Command, Flag } from "effect/cli"
import * as AppLayer from "./AppLayer.ts"
import { TillConfig } from "./Config.ts"
import * as Startup from "./Startup.ts"
import * as Sweeper from "./Sweeper.ts"

const databaseName = (config: TillConfig) =>
  Option.isSome(config.databaseUrl) ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite in ${config.dataDir}`

/** Serves the API until SIGTERM or SIGINT, then drains in-flight requests and closes the database. */
export const serve = Command.make("serve", {}, () =>
  Effect.gen(function*() {
    const config = yield* TillConfig
    const domain = AppLayer.DomainLayer.pipe(Layer.provideMerge(AppLayer.DatabaseLayer(config)))
    const app = Layer.mergeAll(AppLayer.HttpLayer(config), Sweeper.layer()).pipe(Layer.provideMerge(domain))
    yield* Effect.gen(function*() {
      yield* Startup.ensureDefaultAccount(config)
      yield* Console.log(Startup.banner(config, databaseName(config)))
      return yield* Effect.never
    }).pipe(Effect.provide(app), Effect.scoped)
  })).pipe(Command.withDescription("Serve the HTTP API (the default command)"))

/** Runs the database migrations and exits. */
export const migrate = Command.make("migrate", {}, () =>
  Effect.gen(function*() {
    const config = yield* TillConfig
    // opening the database runs the migrations
    yield* Effect.provide(Effect.void, AppLayer.DatabaseLayer(config))
    yield* Console.log(`Migrated ${databaseName(config)}.`)
  })).pipe(Command.withDescription("Bring the database schema up to date"))

/** Creates an account with a test and a live key, printed once. */
export const accountsCreate = Command.make("create", {
  name: Flag.String("name").pipe(Flag.withDescription("The account's name")),
  json: Flag.Boolean("json").pipe(Flag.withDescription("Print the account and keys as JSON"))
}, ({ json, name }) =>
  Effect.gen(function*() {
    const config = yield* TillConfig
    const created = yield* Accounts.use((accounts) => accounts.create(name)).pipe(
      Effect.provide(AppLayer.DomainLayer.pipe(Layer.provide(AppLayer.DatabaseLayer(config))))
    )
    yield* Console.log(
      json
        ? JSON.stringify({ account: created.account, secret_keys: created.secret_keys }, null, 2)
        : `Created ${created.account.id} (${name})\n  test secret key: ${created.secret_keys.test}\n  live secret key: ${created.secret_keys.live}`
    )
  })).pipe(Command.withDescription("Create an account and print its keys (shown this once)"))

/** The whole command line. */
export const till = Command.make("till").pipe(
  Command.withDescription("Till: a self-hostable, Stripe-compatible checkout-session service"),
  Command.withSubcommands([serve, migrate, Command.make("accounts").pipe(Command.withSubcommands([accountsCreate]))])
)
