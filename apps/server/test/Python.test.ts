/**
 * Debian's stripe-python (`python3-stripe`, run by `/usr/bin/python3`: the `python3` first on PATH may
 * be another interpreter) against the app with its queue and worker on PGlite: the calls of
 * `python/till_client.py`, then a real delivery verified with `stripe.Webhook.construct_event` on its
 * `Stripe-Signature` header. Where that interpreter cannot import stripe the test fails, saying how to
 * install it; `.ci/run` installs it.
 */
import { assert, describe, layer } from "@effect/vitest"
import { HttpApp } from "@till/http"
import { describeServer, serverLayer, stripeClient, SuiteServer } from "@till/http/testing"
import { Receiver } from "@till/queue/testing"
import { Effect, Layer } from "effect"
import { execFile, spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { stack, START_TIMEOUT } from "./webhooks/Stack.ts"

const PYTHON = "/usr/bin/python3"
const SCRIPT = fileURLToPath(new URL("./python/till_client.py", import.meta.url))
const importable = spawnSync(PYTHON, ["-c", "import stripe"], { stdio: "ignore" }).status === 0
const MISSING = `${PYTHON} cannot import stripe: install Debian's python3-stripe (apt-get install python3-stripe; .ci/run does)`

/** Runs a command of the script, handing it `input` on stdin, and parses what it prints. */
const python = (server: SuiteServer["Service"], command: "api" | "verify", input = "") =>
  importable ? run(server, command, input) : Effect.die(new Error(MISSING))

const run = (server: SuiteServer["Service"], command: "api" | "verify", input: string) =>
  Effect.callback<any>((resume) => {
    const child = execFile(PYTHON, [SCRIPT, server.url, server.keys.test, command], { timeout: 60_000 }, (error, stdout, stderr) => {
      resume(error === null ? Effect.succeed(JSON.parse(stdout)) : Effect.die(new Error(`${command} failed: ${error.message}\n${stderr}`)))
    })
    child.stdin!.end(input)
  })

const app = Layer.effect(SuiteServer, describeServer).pipe(Layer.provide(serverLayer(HttpApp.layer)), Layer.provideMerge(stack("pglite")))

describe("Debian's python3-stripe", () => {
  layer(app, { excludeTestServices: true, timeout: START_TIMEOUT })("against the app on PGlite", (it) => {
    it.effect("creates, retrieves with expand, lists and expires a session, reads an error's param, and verifies the delivery", () =>
      Effect.scoped(Effect.gen(function*() {
        const server = yield* SuiteServer
        const receiver = yield* Effect.acquireRelease(Effect.promise(Receiver.start), (r) => Effect.promise(r.close))
        const endpoint = yield* Effect.promise(() =>
          stripeClient(server).webhookEndpoints.create({ url: `${receiver.url}/py`, enabled_events: ["checkout.session.expired"] })
        )
        receiver.secrets.set("/py", endpoint.secret!)

        const got = yield* python(server, "api")
        const id: string = got.create_session.id
        assert.match(id, /^cs_test_/)
        assert.deepStrictEqual(got.create_session, { id, object: "checkout.session", status: "open", amount_total: 2750, metadata: { order: "py-1" } })
        assert.deepStrictEqual(got.retrieve_expanded.line_items, [["Shirt", 2, 2400], ["Socks", 1, 350]])
        // stripe-python 5 names no version: Till answers in its own
        assert.strictEqual(got.retrieve_expanded.stripe_version, "2026-11-01.till")
        assert.strictEqual(got.list_sessions.object, "list")
        assert.include(got.list_sessions.ids, id)
        assert.deepStrictEqual(got.expire_session, { id, status: "expired" })
        assert.deepStrictEqual(
          { ...got.invalid_quantity, message: undefined },
          { class: "InvalidRequestError", status: 400, code: "parameter_invalid", param: "line_items[0][quantity]", type: "invalid_request_error", message: undefined }
        )
        assert.strictEqual(got.pinned_version.stripe_version, "2026-10-28.endive")
        assert.deepStrictEqual(
          { class: got.unknown_version.class, status: got.unknown_version.status, message: got.unknown_version.message },
          { class: "InvalidRequestError", status: 400, message: "Invalid Stripe API version: 2099-01-01" }
        )
        // products, prices and customers, and a session of a catalog price for a customer
        const { price, product } = got.product_and_price
        assert.match(product, /^prod_/)
        assert.deepStrictEqual(got.product_and_price, { product, price, price_product: product, type: "one_time", found: [price] })
        assert.match(got.customer.id, /^cus_/)
        assert.deepStrictEqual(got.customer.listed, [got.customer.id])
        assert.deepStrictEqual(got.session_of_price, { amount_total: 4500, price, product, customer: got.customer.id, email: "ada@example.com", amount_tax: 0 })
        assert.strictEqual(got.customer_and_email.status, 400)
        assert.strictEqual(got.customer_and_email.param, "customer")
        assert.deepStrictEqual(got.events_by_types.types, ["checkout.session.expired"])
        assert.include(got.events_by_types.sessions, id)

        yield* Effect.promise(() => receiver.until("the expiry's delivery", (all) => all.some((x) => x.status === 200 && (x.event as any).data.object.id === id)))
        const delivery = receiver.received.find((x) => (x.event as any).data.object.id === id)!
        const verified = yield* python(server, "verify", JSON.stringify({ payload: delivery.body, header: delivery.headers["stripe-signature"], secret: endpoint.secret }))
        assert.deepStrictEqual(verified, { id: delivery.event.id, type: "checkout.session.expired", session: id, tampered: "SignatureVerificationError" })
      })), 120_000)
  })
})
