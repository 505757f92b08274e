/**
 * The connectors' client files (ProcessorConnector's `clientFiles`, given to the HTTP adapter as
 * ProcessorClientFiles) on the in-memory server: served under `/c/assets/` beside the pages' own
 * assets, with their content type; one that cannot be made answers 500 with its cause logged, and the
 * server goes on serving.
 */
import { assert, layer } from "@effect/vitest"
import { type ClientFile, ProcessorClientFiles } from "@till/core"
import { Cause, Effect, Layer, Logger } from "effect"
import { send } from "../src/testing/Fetch.ts"
import { SuiteServer } from "../src/testing/stripe/SuiteServer.ts"
import { inMemoryWith } from "../src/testing/TestServer.ts"

const errors: Array<{ message: unknown; cause: string }> = []
const capture = Logger.make((options) => {
  if (options.logLevel === "Error") errors.push({ message: options.message, cause: Cause.pretty(options.cause) })
})

let made = 0
const files: Readonly<Record<string, Effect.Effect<ClientFile>>> = {
  "acme-card.js": Effect.sync(() => {
    made++
    return { contentType: "text/javascript; charset=utf-8", body: "window.AcmeCard = {}\n" }
  }),
  "acme-card.css": Effect.succeed({ contentType: "text/css; charset=utf-8", body: ".acme{}\n" }),
  "broken-card.js": Effect.die(new Error("Cannot find package 'esbuild'"))
}

const server = inMemoryWith(Layer.succeed(ProcessorClientFiles, files)).pipe(Layer.provide(Logger.layer([capture])))

layer(server, { excludeTestServices: true, timeout: "30 seconds" })("client files", (it) => {
  it.effect("serves each connector's file with its content type, and nothing it does not name", () =>
    Effect.gen(function*() {
      const { url } = yield* SuiteServer
      const js = yield* send(`${url}/c/assets/acme-card.js`)
      assert.strictEqual(js.status, 200)
      assert.strictEqual(js.text, "window.AcmeCard = {}\n")
      assert.strictEqual(js.headers.get("content-type"), "text/javascript; charset=utf-8")
      assert.strictEqual(js.headers.get("x-content-type-options"), "nosniff")
      assert.strictEqual(js.headers.get("cache-control"), "public, max-age=3600")
      const css = yield* send(`${url}/c/assets/acme-card.css`)
      assert.strictEqual(css.status, 200)
      assert.match(css.headers.get("content-type") ?? "", /^text\/css/)
      assert.strictEqual((yield* send(`${url}/c/assets/acme-other.js`)).status, 404)
      // names of the object's prototype are no files
      assert.strictEqual((yield* send(`${url}/c/assets/constructor`)).status, 404)
      assert.strictEqual((yield* send(`${url}/c/assets/toString`)).status, 404)
      assert.isAtLeast(made, 1)
    }))

  it.effect("answers 500 with the cause logged for a file that cannot be made, and goes on serving", () =>
    Effect.gen(function*() {
      const { url } = yield* SuiteServer
      errors.length = 0
      const broken = yield* send(`${url}/c/assets/broken-card.js`)
      assert.strictEqual(broken.status, 500)
      assert.strictEqual(broken.headers.get("cache-control"), "no-store")
      assert.notInclude(broken.text, "esbuild")
      const logged = errors.find((e) => String(e.message).includes("broken-card.js"))
      assert.isDefined(logged, JSON.stringify(errors))
      assert.include(logged!.cause, "Cannot find package 'esbuild'")
      // asked again, it is tried again (and fails again); the other files are still served
      assert.strictEqual((yield* send(`${url}/c/assets/broken-card.js`)).status, 500)
      assert.strictEqual((yield* send(`${url}/c/assets/acme-card.js`)).status, 200)
    }))
})
