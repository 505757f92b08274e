/**
 * Processor settings: credentials sealed with AES-256-GCM before they are stored (refused without a
 * key), bound to their account and mode, never shown but for their last four characters; a
 * processor must be one the server offers, with what its connector needs.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Layer, Option, Redacted } from "effect"
import type { ValidationError } from "../src/Errors.ts"
import * as AesGcmCipher from "../src/AesGcmCipher.ts"
import { AllowProcessorBaseUrl, ProcessorSettings } from "../src/ProcessorSettings.ts"
import { type ProcessorConnector, ProcessorConfigs, ProcessorConnectors } from "../src/ports/ProcessorConnector.ts"
import { CredentialCipher, ProcessorSettingsRepository } from "../src/ports/ProcessorSettingsRepository.ts"
import * as InMemoryProcessorSettings from "../src/testing/InMemoryProcessorSettings.ts"

const KEY = Redacted.make("0f".repeat(32))
const live = { account: "acct_1", livemode: true }

const fake = {
  name: "fake",
  credentialNames: ["secret_key"],
  requiredOptions: ["merchant_account"]
} as unknown as ProcessorConnector

const stack = (key: Redacted.Redacted<string> | undefined, allowBaseUrl = false) =>
  Layer.mergeAll(ProcessorSettings.layer, ProcessorSettings.configsLayer).pipe(
    Layer.provideMerge(Layer.mergeAll(InMemoryProcessorSettings.layer, AesGcmCipher.layer(key))),
    Layer.provide(Layer.mergeAll(Layer.succeed(ProcessorConnectors, [fake]), Layer.succeed(AllowProcessorBaseUrl, allowBaseUrl)))
  )

describe("processor settings", () => {
  it.effect("seal credentials, show their last four only, and open them for the connector", () =>
    Effect.gen(function*() {
      const settings = yield* ProcessorSettings
      const view = yield* settings.set(live, { processor: "fake", credentials: { secret_key: "sk_live_verySecret9876" }, options: { merchant_account: "Shop" } })
      assert.deepStrictEqual(view.credentials, { secret_key: { last4: "9876" } })
      assert.notInclude(JSON.stringify(view), "verySecret")
      const stored = Option.getOrThrow(yield* (yield* ProcessorSettingsRepository).find(live))
      assert.match(stored.sealed_credentials ?? "", /^v1\./)
      assert.notInclude(JSON.stringify(stored), "verySecret")
      const config = Option.getOrThrow(yield* (yield* ProcessorConfigs).find(live))
      assert.strictEqual(Redacted.value(config.credentials.secret_key!), "sk_live_verySecret9876")
      assert.deepStrictEqual(config.options, { merchant_account: "Shop" })
      // test mode has none: the test processor
      assert.isTrue(Option.isNone(yield* (yield* ProcessorConfigs).find({ ...live, livemode: false })))
      assert.strictEqual((yield* settings.settings({ ...live, livemode: false })).processor, "test")
    }).pipe(Effect.provide(stack(KEY))))

  it.effect("a sealed value opens only in its own account and mode, and only with its key", () =>
    Effect.gen(function*() {
      const cipher = yield* CredentialCipher
      const sealed = yield* cipher.seal("secret", "processor_settings:acct_1:live")
      assert.strictEqual(yield* cipher.open(sealed, "processor_settings:acct_1:live"), "secret")
      assert.isTrue(Exit.hasDies(yield* Effect.exit(cipher.open(sealed, "processor_settings:acct_2:live"))))
      const other = yield* AesGcmCipher.make(Redacted.make("1e".repeat(32)))
      assert.isTrue(Exit.hasDies(yield* Effect.exit(other.open(sealed, "processor_settings:acct_1:live"))))
      // two seals of one value differ (fresh IV)
      assert.notStrictEqual(sealed, yield* cipher.seal("secret", "processor_settings:acct_1:live"))
    }).pipe(Effect.provide(AesGcmCipher.layer(KEY))))

  it.effect("refuses credentials without an encryption key, and bad settings by name", () =>
    Effect.gen(function*() {
      const settings = yield* ProcessorSettings
      const refused = <A, E>(effect: Effect.Effect<A, E>) => Effect.map(Effect.flip(effect), (e) => e as unknown as ValidationError)
      const noKey = yield* refused(settings.set(live, { processor: "fake", credentials: { secret_key: "sk" }, options: { merchant_account: "Shop" } }))
      assert.deepStrictEqual([noKey.code, noKey.param], ["encryption_key_missing", "credentials"])
      const unknown = yield* refused(settings.set(live, { processor: "paypal" }))
      assert.deepStrictEqual([unknown.code, unknown.param], ["parameter_invalid", "processor"])
      const missing = yield* refused(settings.set(live, { processor: "fake", options: { merchant_account: "Shop" } }))
      assert.deepStrictEqual([missing.code, missing.param], ["parameter_missing", "credentials[secret_key]"])
      const option = yield* refused(settings.set(live, { processor: "fake", credentials: { secret_key: "sk" } }))
      assert.strictEqual(option.param, "options[merchant_account]")
      const testInLive = yield* refused(settings.set(live, { processor: "test" }))
      assert.strictEqual(testInLive.param, "processor")
      const baseUrl = yield* refused(settings.set({ ...live, livemode: false }, { processor: "test", options: { base_url: "http://10.0.0.1" } }))
      assert.strictEqual(baseUrl.param, "options[base_url]")
      // nothing was stored
      assert.isTrue(Option.isNone(yield* (yield* ProcessorSettingsRepository).find(live)))
    }).pipe(Effect.provide(stack(undefined))))

  it("refuses a key that is not 32 bytes", () => {
    assert.isString(AesGcmCipher.keyBytes("short"))
    assert.strictEqual((AesGcmCipher.keyBytes(Buffer.alloc(32, 1).toString("base64")) as Uint8Array).length, 32)
    assert.isTrue(Exit.hasDies(Effect.runSyncExit(AesGcmCipher.make(Redacted.make("short")))))
  })
})
