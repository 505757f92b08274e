/**
 * The `till` command: `serve` (the default), `worker`, `migrate`, and `accounts create`.
 */
import { Accounts } from "@till/core"
import { Config, Console, Deferred, Effect, Layer, Option, Schema } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import * as AppLayer from "./AppLayer.ts"
import { TillConfig } from "./Config.ts"
import * as Listen from "./Listen.ts"
import * as Startup from "./Startup.ts"
import * as Trigger from "./Trigger.ts"

/** A command's failure the user can fix: printed as its one-line message, no stack. */
export class CliFailure extends Schema.TaggedError<CliFailure>()("CliFailure", { message: Schema.String }) {}

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
      const closing = yield* Deferred.make<void>()
      yield* Layer.build(Layer.mergeAll(AppLayer.HttpLayer(config, undefined, Deferred.await(closing)), worker))
      // added after the server, so it runs first on shutdown: event streams end, then the server drains
      yield* Effect.addFinalizer(() => Deferred.succeed(closing, undefined))
      yield* Console.log(Startup.banner(config, databaseName(config)))
      return yield* Effect.never
    }).pipe(Effect.scoped, Effect.provide(AppLayer.layer(config)))
  })).pipe(Command.withDescription("Serve the HTTP API, with the worker inside unless TILL_WORKER=false (the default command)"))

/**
 * Runs the worker alone (no HTTP) until SIGTERM or SIGINT: webhook deliveries and the
 * expiry sweep. Any number of workers and servers may share one PostgreSQL database.
 */
export const worker = Command.make("worker", {}, () =>
  Effect.gen(function*() {
    const config = yield* TillConfig
    yield* Console.log(`Till worker running, database: ${databaseName(config)}`).pipe(
      Effect.andThen(Effect.never),
      Effect.provide(AppLayer.WorkerLayer(config).pipe(Layer.provideMerge(AppLayer.layer(config)))),
      Effect.scoped
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

/** The Till a client command talks to, and the key it uses: flags, else `TILL_API_BASE` / `TILL_API_KEY`, else the local defaults. */
const apiFlags = {
  apiBase: Flag.String("api-base").pipe(
    Flag.withFallbackConfig(Config.String("TILL_API_BASE")),
    Flag.optional,
    Flag.withDescription("The Till to talk to (default: TILL_API_BASE, else http://localhost:$PORT, port 4242 unless PORT is set)")
  ),
  apiKey: Flag.String("api-key").pipe(
    Flag.withFallbackConfig(Config.String("TILL_API_KEY")),
    Flag.optional,
    Flag.withDescription("A secret key of the account (default: TILL_API_KEY, else TILL_SECRET_KEY)")
  )
}

/** The API base and key from the flags and the environment; fails with a one-line message when there is no key. */
const apiTarget = (flags: { readonly apiBase: Option.Option<string>; readonly apiKey: Option.Option<string> }) =>
  Effect.gen(function*() {
    const env = process.env
    const apiKey = Option.getOrUndefined(flags.apiKey) ?? env.TILL_SECRET_KEY
    if (apiKey === undefined || apiKey === "") {
      return yield* Effect.fail(new CliFailure({ message: "no API key: pass --api-key sk_test_… or set TILL_API_KEY (the key the server printed at its first start)" }))
    }
    const apiBase = Option.getOrUndefined(flags.apiBase) ?? `http://localhost:${env.PORT ?? 4242}`
    if (!/^https?:\/\/[^/\s]+/.test(apiBase)) return yield* Effect.fail(new CliFailure({ message: `--api-base must be an http(s) URL, not ${apiBase}` }))
    return { apiBase, apiKey }
  })

/** Forwards the account's events to a local URL, as they happen. */
export const listen = Command.make("listen", {
  forwardTo: Flag.String("forward-to").pipe(Flag.withDescription("The local URL each event is POSTed to, signed (e.g. http://localhost:3000/webhook)")),
  events: Flag.String("events").pipe(Flag.optional, Flag.withDescription("Only these event types, comma-separated (default: all)")),
  stateFile: Flag.String("state-file").pipe(
    Flag.optional,
    Flag.withDescription("Keep the signing secret and the last forwarded event here, so a restarted listener resumes where it stopped")
  ),
  ...apiFlags
}, (flags) =>
  Effect.gen(function*() {
    const target = yield* apiTarget(flags)
    if (!/^https?:\/\/[^/\s]+/.test(flags.forwardTo)) {
      return yield* Effect.fail(new CliFailure({ message: `--forward-to must be an http(s) URL, not ${flags.forwardTo}` }))
    }
    const events = Option.match(flags.events, { onNone: () => [], onSome: (list) => list.split(",").map((t) => t.trim()).filter((t) => t !== "") })
    yield* Effect.tryPromise({
      try: (signal) =>
        Listen.listen({ ...target, forwardTo: flags.forwardTo, events, stateFile: Option.getOrUndefined(flags.stateFile), print: (line) => console.log(line) }, signal),
      catch: (error) => new CliFailure({ message: (error as Error).message })
    })
  })).pipe(Command.withDescription("Forward the account's events to a local URL as they happen, signed with a secret printed at start"))

/** Makes an event happen through the API. */
export const trigger = Command.make("trigger", {
  event: Argument.String("event").pipe(Argument.withDescription(`The event type to cause: ${Object.keys(Trigger.TRIGGERS).join(", ")}`)),
  ...apiFlags
}, (flags) =>
  Effect.gen(function*() {
    const target = yield* apiTarget(flags)
    const steps = yield* Effect.tryPromise({
      try: () => Trigger.trigger(target, flags.event),
      catch: (error) => new CliFailure({ message: (error as Error).message })
    })
    yield* Console.log(`Triggered ${flags.event}:\n${steps.map((step) => `  ${step}`).join("\n")}`)
  })).pipe(Command.withDescription("Cause an event through the API (e.g. pay a session with a test card for checkout.session.completed)"))

/** The whole command line. */
export const till = Command.make("till").pipe(
  Command.withDescription("Till: a self-hostable, Stripe-compatible checkout-session service"),
  Command.withSubcommands([serve, worker, migrate, listen, trigger, Command.make("accounts").pipe(Command.withSubcommands([accountsCreate]))])
)
