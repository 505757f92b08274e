/**
 * Processor settings (*ext*, `/v1/account/processor_settings`): which processor takes an account's
 * payments in each mode, with its credentials (sealed at rest, never shown: only their last four
 * characters) and options. They feed the ProcessorRouter through ProcessorConfigs. docs/processors.md.
 */
import { Context, Effect, Layer, Option, Redacted, Schema } from "effect"
import type { Scope } from "./CheckoutSession.ts"
import { retryOnConflict } from "./Conflicts.ts"
import { ValidationError } from "./Errors.ts"
import { Text } from "./Params.ts"
import { nowSeconds } from "./CheckoutSessions.ts"
import { type ConnectorConfig, ProcessorConfigs, ProcessorConnectors } from "./ports/ProcessorConnector.ts"
import { CredentialCipher, ProcessorSettingsRepository, type StoredProcessorSettings } from "./ports/ProcessorSettingsRepository.ts"
import { TEST_PROCESSOR } from "./ProcessorRouter.ts"

/**
 * Whether settings may name a `base_url` for their processor (a mock server in tests and demos). Off
 * by default: a merchant must not point the server at addresses of the operator's network.
 */
export const AllowProcessorBaseUrl = Context.Reference<boolean>("till/AllowProcessorBaseUrl", { defaultValue: () => false })

/** The settings as the API shows them: the processor, its options, and of each credential its last four characters. */
export interface ProcessorSettingsView {
  readonly livemode: boolean
  readonly processor: string
  readonly options: Readonly<Record<string, string>>
  readonly credentials: Readonly<Record<string, { readonly last4: string }>>
  /** When they last changed, Unix seconds; null when never set (the test processor then takes test payments). */
  readonly updated: number | null
}

/** Parameters of `POST /v1/account/processor_settings`: all of the settings (the credentials in full each time). */
export const SetProcessorSettingsParams = Schema.Struct({
  processor: Text(1, 40),
  credentials: Schema.optionalKey(Schema.Record(Schema.String, Text(1, 4096))),
  options: Schema.optionalKey(Schema.Record(Schema.String, Text(0, 500)))
})
/** See {@link SetProcessorSettingsParams}. */
export type SetProcessorSettingsParams = typeof SetProcessorSettingsParams.Type

const MAX_OPTIONS = 20

/** Where a sealed value belongs: its account and mode (the cipher's associated data). */
export const sealContext = (scope: Scope): string => `processor_settings:${scope.account}:${scope.livemode ? "live" : "test"}`

const last4 = (value: string): string => value.slice(-4)

const viewOf = (scope: Scope, stored: Option.Option<StoredProcessorSettings>): ProcessorSettingsView =>
  Option.match(stored, {
    onNone: () => ({ livemode: scope.livemode, processor: TEST_PROCESSOR, options: {}, credentials: {}, updated: null }),
    onSome: (s) => ({
      livemode: scope.livemode,
      processor: s.processor,
      options: s.options,
      credentials: Object.fromEntries(Object.entries(s.credential_hints).map(([name, hint]) => [name, { last4: hint }])),
      updated: s.updated
    })
  })

const invalid = (message: string, param: string, code = "parameter_invalid") => new ValidationError({ code, message, param })

/** Use cases of processor settings. */
export class ProcessorSettings extends Context.Service<ProcessorSettings>()("till/ProcessorSettings", {
  make: Effect.gen(function*() {
    const repo = yield* ProcessorSettingsRepository
    const cipher = yield* CredentialCipher
    const connectors = yield* ProcessorConnectors
    const allowBaseUrl = yield* AllowProcessorBaseUrl

    /** The settings of a scope as shown (never a credential). */
    const settings = Effect.fn("ProcessorSettings.settings")(function*(scope: Scope) {
      return viewOf(scope, yield* repo.find(scope))
    })

    /**
     * Replaces the scope's settings. The processor must be one this server has a connector for (or
     * `test`, in test mode only), with every credential and option its connector needs; credentials
     * are sealed before they are stored, and refused when the server has no encryption key.
     */
    const set = Effect.fn("ProcessorSettings.set")(function*(scope: Scope, params: SetProcessorSettingsParams) {
      const credentials = params.credentials ?? {}
      const options = params.options ?? {}
      if (Object.keys(options).length > MAX_OPTIONS) return yield* invalid(`At most ${MAX_OPTIONS} options.`, "options")
      if (options.base_url !== undefined) {
        if (!allowBaseUrl) {
          return yield* invalid("This server does not let settings name a base_url (TILL_PROCESSOR_ALLOW_BASE_URL is off).", "options[base_url]")
        }
        if (!/^https?:\/\/[^\s]+$/.test(options.base_url)) return yield* invalid("base_url must be an http(s) URL.", "options[base_url]")
      }
      let needs: { readonly credentials: ReadonlyArray<string>; readonly options: ReadonlyArray<string> }
      if (params.processor === TEST_PROCESSOR) {
        if (scope.livemode) return yield* invalid("The test processor takes test-mode payments only; name a live processor for live mode.", "processor")
        needs = { credentials: [], options: [] }
      } else {
        const connector = connectors.find((c) => c.name === params.processor)
        if (connector === undefined) {
          const known = [TEST_PROCESSOR, ...connectors.map((c) => c.name)].join(", ")
          return yield* invalid(`Unknown processor '${params.processor.slice(0, 40)}': this server offers ${known}.`, "processor")
        }
        needs = { credentials: connector.credentialNames, options: connector.requiredOptions }
      }
      for (const name of Object.keys(credentials)) {
        if (!needs.credentials.includes(name)) return yield* invalid(`The ${params.processor} processor takes no credential '${name.slice(0, 40)}'.`, `credentials[${name.slice(0, 40)}]`)
      }
      for (const name of needs.credentials) {
        if (credentials[name] === undefined) return yield* invalid(`Missing required credential: ${name}.`, `credentials[${name}]`, "parameter_missing")
      }
      for (const name of needs.options) {
        if (options[name] === undefined || options[name] === "") return yield* invalid(`Missing required option: ${name}.`, `options[${name}]`, "parameter_missing")
      }
      let sealed: string | null = null
      if (Object.keys(credentials).length > 0) {
        if (!cipher.available) {
          return yield* invalid(
            "This server has no encryption key (TILL_ENCRYPTION_KEY), so it stores no processor credentials. Ask its operator to set one.",
            "credentials",
            "encryption_key_missing"
          )
        }
        sealed = yield* cipher.seal(JSON.stringify(credentials), sealContext(scope))
      }
      const hints = Object.fromEntries(Object.entries(credentials).map(([name, value]) => [name, last4(value)]))
      return yield* retryOnConflict(Effect.gen(function*() {
        const current = yield* repo.find(scope)
        const stored: StoredProcessorSettings = {
          version: Option.match(current, { onNone: () => 1, onSome: (s) => s.version + 1 }),
          processor: params.processor,
          sealed_credentials: sealed,
          credential_hints: hints,
          options,
          updated: yield* nowSeconds
        }
        yield* repo.put(scope, stored)
        return viewOf(scope, Option.some(stored))
      }))
    })

    /** The settings of a scope for its connector, credentials opened (ProcessorConfigs). */
    const configOf = (scope: Scope): Effect.Effect<Option.Option<ConnectorConfig>> =>
      Effect.gen(function*() {
        const found = yield* repo.find(scope)
        if (Option.isNone(found)) return Option.none()
        const s = found.value
        const opened = s.sealed_credentials === null ? {} : JSON.parse(yield* cipher.open(s.sealed_credentials, sealContext(scope))) as Record<string, string>
        return Option.some<ConnectorConfig>({
          processor: s.processor,
          account: scope.account,
          livemode: scope.livemode,
          credentials: Object.fromEntries(Object.entries(opened).map(([name, value]) => [name, Redacted.make(value)])),
          options: s.options
        })
      })

    return { settings, set, configOf } as const
  })
}) {
  /** The use cases over the repository and cipher provided. */
  static readonly layer = Layer.effect(ProcessorSettings, ProcessorSettings.make)
  /** ProcessorConfigs from the stored settings, for the ProcessorRouter and notifications. */
  static readonly configsLayer = Layer.effect(ProcessorConfigs, Effect.map(ProcessorSettings.make, (s) => ProcessorConfigs.of({ find: s.configOf })))
}
