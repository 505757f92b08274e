/**
 * The `till` command: `serve` (the default), `worker`, `migrate`, and `accounts create`.
 */
import { Accounts } from "@till/core"
import { Console, Effect, Layer, Option } from "effect"
import { Command, Flag } from "effect/cli"
import * as AppLayer from "./AppLayer.ts"
import { TillConfig } from "./Config.ts"
import * as Startup from "./Startup.ts"

const databaseName = (config: TillConfig) =>
  Option.isSome(config.databaseUrl) ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite in ${config.dataDir}`

/**
 * Serves the API, and runs the worker unless `TILL_WORKER=false`, until SIGTERM or SIGINT; then drains
 * in-flight requests and deliveries and closes the database.
 */
export const serve = Command.make("serve", {}, () =>
  Effect.gen(function*() {
    const config = yield* TillConfig
    const worker = config.worker ? AppLayer.WorkerLayer(config) : Layer.empty
    yield* Effect.gen(function*() {
      // before listening: the default key must work for the very first request the server answers
      yield* Startup.ensureDefaultAccount(config)
      // built in the inner scope, so on shutdown the server drains before the database closes
      yield* Layer.build(Layer.mergeAll(AppLayer.HttpLayer(config), worker, AppLayer.GaugesLayer))
      yield* Effect.logInfo(Startup.banner(config, databaseName(config)))
      return yield* Effect.never
    }).pipe(Effect.scoped, Effect.provide(AppLayer.layer(config)), Effect.provide(AppLayer.ObservabilityLayer(config)))
  })).pipe(Command.withDescription("Serve the HTTP API, with the worker inside unless TILL_WORKER=false (the default command)"))

/**
 * Runs the worker alone (no HTTP) until SIGTERM or SIGINT: webhook deliveries and the
 * expiry sweep. Any number of workers and servers may share one PostgreSQL database.
 */
export const worker = Command.make("worker", {}, () =>
  Effect.gen(function*() {
    const config = yield* TillConfig
    yield* Effect.logInfo(`Till worker running, database: ${databaseName(config)}`).pipe(
      Effect.andThen(Effect.never),
      Effect.provide(
        Layer.mergeAll(AppLayer.WorkerLayer(config), AppLayer.WorkerMetricsLayer(config)).pipe(Layer.provideMerge(AppLayer.layer(config)))
      ),
      Effect.scoped,
      Effect.provide(AppLayer.ObservabilityLayer(config))
    )
  })).pipe(Command.withDescription("Run the worker only: deliver webhooks and expire sessions, no HTTP"))

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
      Effect.provide(AppLayer.layer(config))
    )
    yield* Console.log(
      json
        ? JSON.stringify({ account: { object: "account", ...created.account }, secret_keys: created.secret_keys }, null, 2)
        : `Created ${created.account.id} (${name})\n  test secret key: ${created.secret_keys.test}\n  live secret key: ${created.secret_keys.live}`
    )
  })).pipe(Command.withDescription("Create an account and print its keys (shown this once)"))

/** The whole command line. */
export const till = Command.make("till").pipe(
  Command.withDescription("Till: a self-hostable, Stripe-compatible checkout-session service"),
  Command.withSubcommands([serve, worker, migrate, Command.make("accounts").pipe(Command.withSubcommands([accountsCreate]))])
)
