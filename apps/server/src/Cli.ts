/**
 * The `till` command: `serve` (the default), `worker`, `migrate`; `listen`, `trigger` and
 * `embed show|allow|disallow|set` against a running server; `accounts create|list|branding`,
 * `keys create|roll|revoke` and `users create` (see docs/cli.md). A mistake the
 * user can fix fails the command with a CliFailure, which main prints as one line.
 */
import { Config, Console, Deferred, Effect, Layer, Option, Schema } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { readFileSync } from "node:fs"
import { basename } from "node:path"
import * as Admin from "./Admin.ts"
import { AdminRefused } from "./Admin.ts"
import * as AppLayer from "./AppLayer.ts"
import * as Embed from "./Embed.ts"
import * as Processors from "./Processors.ts"
import { TillConfig } from "./Config.ts"
import * as Listen from "./Listen.ts"
import * as Preflight from "./Preflight.ts"
import * as Startup from "./Startup.ts"
import * as Trigger from "./Trigger.ts"

/** A command's failure the user can fix: printed as its one-line message, no stack. */
export class CliFailure extends Schema.TaggedError<CliFailure>()("CliFailure", { message: Schema.String }) {}

/** A preflight check whose failure is the command's, in one line. */
const preflight = (check: Effect.Effect<void, Preflight.PreflightFailed>) =>
  Effect.mapError(check, (failed) => new CliFailure({ message: failed.message }))

const databaseName = (config: TillConfig) =>
  Option.isSome(config.databaseUrl) ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite in ${config.dataDir}`

/**
 * Serves the API, and runs the worker unless `TILL_WORKER=false`, until SIGTERM or SIGINT; then drains
 * in-flight requests and deliveries and closes the database.
 */
export const serve = Command.make("serve", {}, () =>
  Effect.gen(function*() {
    const config = yield* TillConfig
    // before the database is opened (or a data directory made): a port in use or a server down is one line
    yield* preflight(Preflight.portFree(config.port))
    yield* preflight(Preflight.database(config))
    const worker = config.worker ? AppLayer.WorkerLayer(config) : Layer.empty
    yield* Effect.gen(function*() {
      // before listening: the default key must work for the very first request the server answers
      yield* Startup.ensureDefaultAccount(config)
      // built in the inner scope, so on shutdown the server drains before the database closes
      const closing = yield* Deferred.make<void>()
      yield* Layer.build(Layer.mergeAll(AppLayer.HttpLayer(config, undefined, Deferred.await(closing)), worker, AppLayer.GaugesLayer))
      // added after the server, so it runs first on shutdown: event streams end, then the server drains
      yield* Effect.addFinalizer(() => Deferred.succeed(closing, undefined))
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
    yield* preflight(Preflight.database(config))
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
    yield* preflight(Preflight.database(config))
    // opening the database runs the migrations
    yield* Effect.provide(Effect.void, AppLayer.DatabaseLayer(config))
    yield* Console.log(`Migrated ${databaseName(config)}.`)
  })).pipe(Command.withDescription("Bring the database schema up to date"))

/**
 * Runs an account or key operation on the configured database or, when a running server holds the
 * embedded one, through that server's admin route.
 */
const operate = (operation: Admin.Operation) =>
  Effect.gen(function*() {
    const config = yield* TillConfig
    yield* preflight(Preflight.database(config))
    return yield* Admin.run(operation).pipe(
      Effect.provide(AppLayer.layer(config)),
      Effect.catchTag("DataDirInUse", (inUse) => {
        const handle = Admin.readHandle(config.dataDir)
        return handle === undefined ? Effect.fail(new AdminRefused({ message: inUse.message })) : Admin.remote(handle, operation)
      }),
      Effect.catchTag("AdminRefused", (refused) => Effect.fail(new CliFailure({ message: refused.message })))
    )
  })

const jsonFlag = Flag.Boolean("json").pipe(Flag.withDefault(false), Flag.withDescription("Print JSON instead of a summary"))
const print = (json: boolean, result: unknown, summary: () => string) => Console.log(json ? JSON.stringify(result, null, 2) : summary())
const timeOf = (seconds: number) => new Date(seconds * 1000).toISOString().replace("T", " ").slice(0, 19) + " UTC"

/** Creates an account with a test and a live key, printed once. */
export const accountsCreate = Command.make("create", {
  name: Flag.String("name").pipe(Flag.withDescription("The account's name")),
  json: jsonFlag
}, ({ json, name }) =>
  Effect.gen(function*() {
    const created = (yield* operate({ op: "accounts.create", name })) as { account: { id: string }; secret_keys: { test: string; live: string } }
    yield* print(json, created, () =>
      [
        `Created account ${created.account.id} (${name}). Its keys are shown this once; keep them:`,
        `  test secret key: ${created.secret_keys.test}`,
        `  live secret key: ${created.secret_keys.live}`
      ].join("\n"))
  })).pipe(Command.withDescription("Create an account and print its test and live keys (shown this once)"))

/** Lists the accounts. */
export const accountsList = Command.make("list", { json: jsonFlag }, ({ json }) =>
  Effect.gen(function*() {
    const list = (yield* operate({ op: "accounts.list" })) as { data: ReadonlyArray<{ id: string; name: string; created: number }> }
    yield* print(json, list, () => list.data.map((a) => `${a.id}  ${timeOf(a.created)}  ${a.name}`).join("\n"))
  })).pipe(Command.withDescription("List the accounts, oldest (the default account) first"))

const optionalText = (name: string, description: string) => Flag.String(name).pipe(Flag.optional, Flag.withDescription(description))

/** Sets an account's public details and branding; `--logo` and `--icon` upload image files. */
export const accountsBranding = Command.make("branding", {
  account: Argument.String("account").pipe(Argument.withDescription("The account (acct_…)")),
  name: optionalText("name", "The business name the hosted page shows (\"\" unsets it, as for every flag)"),
  supportEmail: optionalText("support-email", "The support e-mail address"),
  supportPhone: optionalText("support-phone", "The support phone number"),
  supportUrl: optionalText("support-url", "The support page (http or https)"),
  url: optionalText("url", "The business's website (http or https)"),
  termsUrl: optionalText("terms-url", "The terms of service (http or https): the page's footer links it"),
  privacyUrl: optionalText("privacy-url", "The privacy policy (http or https): the page's footer links it"),
  primaryColor: optionalText("primary-color", "The brand colour, #rrggbb: the page's buttons (text colour chosen for contrast)"),
  secondaryColor: optionalText("secondary-color", "The secondary brand colour, #rrggbb"),
  logo: optionalText("logo", "A PNG, JPEG, GIF or WebP file of at most 512 KB: uploaded as the logo"),
  icon: optionalText("icon", "A PNG, JPEG, GIF or WebP file of at most 512 KB: uploaded as the icon"),
  json: jsonFlag
}, (flags) =>
  Effect.gen(function*() {
    const given = (option: Option.Option<string>) => Option.getOrUndefined(option)
    const defined = (record: Record<string, string | undefined>) => Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined))
    const business_profile = defined({
      name: given(flags.name),
      support_email: given(flags.supportEmail),
      support_phone: given(flags.supportPhone),
      support_url: given(flags.supportUrl),
      url: given(flags.url),
      terms_of_service_url: given(flags.termsUrl),
      privacy_policy_url: given(flags.privacyUrl)
    })
    const branding = defined({ primary_color: given(flags.primaryColor), secondary_color: given(flags.secondaryColor) })
    const image = (option: Option.Option<string>, flag: string) =>
      Option.match(option, {
        onNone: () => Effect.succeed(undefined),
        onSome: (path) =>
          Effect.try({
            try: () => ({ base64: readFileSync(path).toString("base64"), filename: basename(path) }),
            catch: () => new CliFailure({ message: `${flag}: cannot read ${path}` })
          })
      })
    const logo = yield* image(flags.logo, "--logo")
    const icon = yield* image(flags.icon, "--icon")
    const params = {
      ...(Object.keys(business_profile).length === 0 ? {} : { business_profile }),
      ...(Object.keys(branding).length === 0 ? {} : { settings: { branding } })
    }
    const result = (yield* operate({
      op: "accounts.branding",
      account: flags.account,
      params,
      ...(logo === undefined ? {} : { logo }),
      ...(icon === undefined ? {} : { icon })
    })) as { id: string; business_profile: Record<string, string | null>; branding: Record<string, string | null> }
    yield* print(flags.json, result, () =>
      [
        `Branding of ${result.id}:`,
        ...Object.entries({ ...result.business_profile, ...result.branding }).map(([k, v]) => `  ${k}: ${v ?? "-"}`)
      ].join("\n"))
  })).pipe(Command.withDescription("Set an account's public details and branding (name, support contacts, terms and privacy URLs, colours, logo, icon)"))

/** `30`, `30s`, `10m`, `2h`, `7d`: seconds. */
const parseDuration = (text: string): number | undefined => {
  const match = /^(\d+)([smhd]?)$/.exec(text.trim())
  if (match === null) return undefined
  return Number(match[1]) * ({ "": 1, s: 1, m: 60, h: 3600, d: 86400 } as Record<string, number>)[match[2]!]!
}

const keyArgument = Argument.String("key").pipe(Argument.withDescription("The secret key (sk_test_… or sk_live_…)"))

/** Adds a key to an account. */
export const keysCreate = Command.make("create", {
  account: Flag.String("account").pipe(Flag.withDescription("The account (acct_…)")),
  live: Flag.Boolean("live").pipe(Flag.withDefault(false), Flag.withDescription("A live key (default: a test key)")),
  json: jsonFlag
}, ({ account, json, live }) =>
  Effect.gen(function*() {
    const created = (yield* operate({ op: "keys.create", account, livemode: live })) as { secret: string }
    yield* print(json, created, () => `Created a ${live ? "live" : "test"} key for ${account} (shown this once): ${created.secret}`)
  })).pipe(Command.withDescription("Add a secret key to an account and print it (shown this once)"))

/** Rolls a key. */
export const keysRoll = Command.make("roll", {
  key: keyArgument,
  expiresIn: Flag.String("expires-in").pipe(
    Flag.withDefault("0"),
    Flag.withDescription("How long the old key keeps working: seconds, or 30m, 12h, 7d (default 0: it stops at once; at most 7d)")
  ),
  json: jsonFlag
}, ({ expiresIn, json, key }) =>
  Effect.gen(function*() {
    const seconds = parseDuration(expiresIn)
    if (seconds === undefined || seconds > 7 * 86400) {
      return yield* Effect.fail(new CliFailure({ message: `--expires-in must be seconds or a duration like 30m, 12h, 7d (at most 7d), not ${expiresIn}` }))
    }
    const rolled = (yield* operate({ op: "keys.roll", key, expires_in: seconds })) as { secret: string; expires_at: number }
    yield* print(json, rolled, () =>
      `New key (shown this once): ${rolled.secret}\nThe old key ${seconds === 0 ? "stopped working" : `works until ${timeOf(rolled.expires_at)}`}.`)
  })).pipe(Command.withDescription("Replace a key with a new one; the old one works for --expires-in more, then not"))

/** Revokes a key. */
export const keysRevoke = Command.make("revoke", { key: keyArgument, json: jsonFlag }, ({ json, key }) =>
  Effect.gen(function*() {
    const revoked = (yield* operate({ op: "keys.revoke", key })) as { key: string }
    yield* print(json, revoked, () => `Revoked ${revoked.key}: it stopped working.`)
  })).pipe(Command.withDescription("Revoke a key: it stops working at once"))

/** A password for a new dashboard user, when none is given: 24 random base62 characters (about 143 bits). */
const generatedPassword = () => {
  const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
  let out = ""
  while (out.length < 24) {
    const [byte] = crypto.getRandomValues(new Uint8Array(1))
    // 62 and 63 of the low six bits are skipped, so every character is uniform
    if ((byte! & 63) < 62) out += alphabet[byte! & 63]
  }
  return out
}

/**
 * Creates a dashboard user. The password is read from `TILL_USER_PASSWORD` (never a flag: command lines
 * are visible to every user of the machine), else made up and printed once.
 */
export const usersCreate = Command.make("create", {
  email: Flag.String("email").pipe(Flag.withDescription("The user's email, their login name")),
  role: Flag.String("role").pipe(Flag.withDefault("merchant"), Flag.withDescription("merchant (one account's objects) or operator (every account)")),
  account: Flag.String("account").pipe(Flag.optional, Flag.withDescription("The merchant's account (acct_…); none for an operator")),
  json: jsonFlag
}, ({ account, email, json, role }) =>
  Effect.gen(function*() {
    const given = process.env.TILL_USER_PASSWORD
    const password = given === undefined || given === "" ? generatedPassword() : given
    const created = (yield* operate({ op: "users.create", email, role, account: Option.getOrNull(account), password })) as {
      user: { id: string; email: string; role: string; account: string | null }
    }
    const shown = given === undefined || given === "" ? { ...created, password } : created
    yield* print(json, shown, () =>
      [
        `Created ${created.user.role} ${created.user.email} (${created.user.id})${created.user.account === null ? "" : ` for ${created.user.account}`}.`,
        given === undefined || given === "" ? `Password (shown this once): ${password}` : "Password: as given in TILL_USER_PASSWORD.",
        "They sign in at /dashboard/login."
      ].join("\n"))
  })).pipe(Command.withDescription("Create a dashboard user (password from TILL_USER_PASSWORD, else made up and printed once)"))

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

const originsArgument = (min: number) =>
  Argument.String("origin").pipe(
    Argument.variadic({ min }),
    Argument.withDescription("An origin: scheme, host and port, such as https://shop.example or http://localhost:3000 (test mode)")
  )

/** Applies a change of the allowed origins through the API and prints the list as it is then. */
const embedRun = (flags: { readonly apiBase: Option.Option<string>; readonly apiKey: Option.Option<string>; readonly json: boolean }, change: Embed.Change) =>
  Effect.gen(function*() {
    const target = yield* apiTarget(flags)
    const settings = yield* Effect.tryPromise({
      try: () => Embed.embed(target, change),
      catch: (error) => new CliFailure({ message: (error as Error).message })
    })
    yield* print(flags.json, settings, () => Embed.summary(settings))
  })

/** Embedded checkout's allowed origins. */
export const embed = Command.make("embed").pipe(
  Command.withDescription("Show or change the origins whose pages may embed the account's checkouts (the API key's mode), through the running server"),
  Command.withSubcommands([
    Command.make("show", { json: jsonFlag, ...apiFlags }, (flags) => embedRun(flags, { op: "show" })).pipe(
      Command.withDescription("Print the origins that may embed checkouts")
    ),
    Command.make("allow", { origins: originsArgument(1), json: jsonFlag, ...apiFlags }, (flags) => embedRun(flags, { op: "allow", origins: flags.origins })).pipe(
      Command.withDescription("Add origins that may embed checkouts")
    ),
    Command.make("disallow", { origins: originsArgument(1), json: jsonFlag, ...apiFlags }, (flags) => embedRun(flags, { op: "disallow", origins: flags.origins }))
      .pipe(Command.withDescription("Remove origins that may embed checkouts")),
    Command.make("set", { origins: originsArgument(0), json: jsonFlag, ...apiFlags }, (flags) => embedRun(flags, { op: "set", origins: flags.origins })).pipe(
      Command.withDescription("Replace the origins that may embed checkouts (none given: no page may)")
    )
  ])
)

/** Calls the processor-settings route and prints the settings as they are then. */
const processorsRun = (
  flags: { readonly apiBase: Option.Option<string>; readonly apiKey: Option.Option<string>; readonly json: boolean },
  change?: Parameters<typeof Processors.call>[1]
) =>
  Effect.gen(function*() {
    const target = yield* apiTarget(flags)
    const settings = yield* Effect.tryPromise({
      try: () => Processors.call(target, change),
      catch: (error) => new CliFailure({ message: (error as Error).message })
    })
    yield* print(flags.json, settings, () => Processors.summary(settings))
  })

/** Processor settings of the key's account and mode. */
export const processors = Command.make("processors").pipe(
  Command.withDescription("Show or set which processor takes the account's payments in the API key's mode, through the running server"),
  Command.withSubcommands([
    Command.make("show", { json: jsonFlag, ...apiFlags }, (flags) => processorsRun(flags)).pipe(
      Command.withDescription("Print the processor settings (credentials: last four characters only)")
    ),
    Command.make("set", {
      processor: Flag.String("processor").pipe(Flag.withDescription("test, stripe, adyen, or another connector the server offers")),
      mode: Flag.String("mode").pipe(Flag.optional, Flag.withDescription("live or test: checked against the API key's mode (sk_live_… sets live)")),
      option: Flag.String("option").pipe(Flag.atLeast(0), Flag.withDescription("An option as name=value (e.g. merchant_account=Shop); repeat for more")),
      json: jsonFlag,
      ...apiFlags
    }, (flags) =>
      Effect.gen(function*() {
        const options = Processors.optionsOf(flags.option)
        if (typeof options === "string") return yield* Effect.fail(new CliFailure({ message: `--option must be name=value, not ${options}` }))
        const target = yield* apiTarget(flags)
        const keyMode = target.apiKey.startsWith("sk_live_") ? "live" : "test"
        const mode = Option.getOrUndefined(flags.mode)
        if (mode !== undefined && mode !== "live" && mode !== "test") return yield* Effect.fail(new CliFailure({ message: "--mode must be live or test" }))
        if (mode !== undefined && mode !== keyMode) {
          return yield* Effect.fail(new CliFailure({ message: `--mode ${mode} needs a ${mode} key (sk_${mode}_…); the key given is a ${keyMode} key` }))
        }
        // secrets never come from flags: shell histories and process lists show those
        const credentials = Processors.credentialsFromEnv(process.env)
        yield* processorsRun(flags, { processor: flags.processor, credentials, options })
      })).pipe(Command.withDescription(
        `Set the processor of the key's mode; credentials come from ${Processors.CREDENTIAL_PREFIX}<NAME> environment variables (e.g. ${Processors.CREDENTIAL_PREFIX}SECRET_KEY), never from flags`
      ))
  ])
)

/** The whole command line. */
export const till = Command.make("till").pipe(
  Command.withDescription("Till: a self-hostable, Stripe-compatible checkout-session service"),
  Command.withSubcommands([serve, worker, migrate, listen, trigger, embed, processors, Command.make("accounts").pipe(
      Command.withDescription("Create and list accounts, and set their branding (through the running server when it holds the embedded database)"),
      Command.withSubcommands([accountsCreate, accountsList, accountsBranding])
    ),
    Command.make("keys").pipe(
      Command.withDescription("Create, roll and revoke secret keys (through the running server when it holds the embedded database)"),
      Command.withSubcommands([keysCreate, keysRoll, keysRevoke])
    ),
    Command.make("users").pipe(
      Command.withDescription("Create dashboard users (through the running server when it holds the embedded database)"),
      Command.withSubcommands([usersCreate])
    )])
)
