/**
 * Refunds as a Stripe user makes them, against `till serve` as users run it (its worker on): a session
 * paid, two partial refunds and a third that would exceed the charge (refused with Stripe's error),
 * each refund's `charge.refunded` received and verified with `stripe.webhooks.constructEvent`; then a
 * refund on Stripe's `pm_card_refundFail`, which the worker's sweep finds failed (`refund.failed`).
 * On PostgreSQL when TILL_TEST_DATABASE_URL names a server, else on PGlite.
 */
import { assert, describe, it } from "@effect/vitest"
import { freshPostgresUrl, hasPostgres } from "@till/postgres/testing"
import { Effect } from "effect"
import Stripe from "stripe"
import { freshDataDir, printChildrenOnFailure, START_MS, serveTill, stopTill } from "./support.ts"
import { startReceiver, waitUntil } from "./webhooks/Receiver.ts"

const KEY = "sk_test_refundsdocs123"

/** Pays a session through Till's payments route (the hosted page's), as the page would. */
const paySession = (stripe: Stripe, session: string, payment_method: string) =>
  stripe.rawRequest("POST", `/v1/checkout/sessions/${session}/payments`, { payment_method }) as unknown as Promise<Stripe.PaymentIntent>

describe("refunds as a Stripe user makes them", () => {
  printChildrenOnFailure()

  it.live("two partial refunds, a third refused, charge.refunded verified; a refund that fails later is reconciled by the worker", () =>
    Effect.gen(function*() {
      const database = hasPostgres ? { DATABASE_URL: yield* freshPostgresUrl } : { TILL_DATA_DIR: freshDataDir() }
      yield* Effect.promise(async () => {
        // the sweep asks about unsettled refunds every second, once a refund has waited 2 seconds
        const till = await serveTill({ ...database, TILL_SECRET_KEY: KEY, TILL_EXPIRY_SWEEP_SECONDS: "1", TILL_PAYMENT_RECONCILE_SECONDS: "2" })
        const receiver = await startReceiver()
        try {
          const { hostname, port } = new URL(till.url)
          const stripe = new Stripe(KEY, { host: hostname, port: Number(port), protocol: "http" })
          const endpoint = await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ["charge.refunded", "refund.created", "refund.failed"] })
          receiver.setSecret(endpoint.secret!)

          const session = await stripe.checkout.sessions.create({
            mode: "payment",
            line_items: [{ price_data: { currency: "eur", unit_amount: 2500, product_data: { name: "Lamp" } }, quantity: 2 }],
            success_url: "https://shop.example/ok"
          })
          const intent = await paySession(stripe, session.id, "pm_card_visa")
          const charge = (await stripe.paymentIntents.retrieve(intent.id)).latest_charge as string
          assert.match(charge, /^ch_/)

          const first = await stripe.refunds.create({ payment_intent: intent.id, amount: 2000, reason: "requested_by_customer" })
          const second = await stripe.refunds.create({ charge, amount: 1500 })
          const third = await stripe.refunds.create({ charge, amount: 1501 }).then(() => undefined, (e: unknown) => e)
          assert.instanceOf(third, Stripe.errors.StripeInvalidRequestError)
          const refused = third as Stripe.errors.StripeInvalidRequestError
          assert.deepStrictEqual([refused.code, refused.param, refused.statusCode], ["amount_too_large", "amount", 400])
          assert.strictEqual(refused.message, "Refund amount (€15.01) is greater than unrefunded amount on charge (€15.00)")

          const refundedEvents = await waitUntil("two charge.refunded", () => {
            const found = receiver.events.filter((e) => e.type === "charge.refunded" && (e.data.object as Stripe.Charge).id === charge)
            return found.length === 2 ? found : undefined
          })
          const amounts = refundedEvents.map((e) => (e.data.object as Stripe.Charge).amount_refunded).sort((a, b) => a - b)
          assert.deepStrictEqual(amounts, [2000, 3500])
          const created = receiver.events.filter((e) => e.type === "refund.created").map((e) => (e.data.object as Stripe.Refund).id).sort()
          assert.deepStrictEqual(created, [first.id, second.id].sort())
          const read = await stripe.charges.retrieve(charge)
          assert.deepStrictEqual([read.amount_refunded, read.refunded], [3500, false])

          // Stripe's pm_card_refundFail: the refund succeeds at first, then fails; the worker's sweep finds out
          const failing = await stripe.checkout.sessions.create({
            mode: "payment",
            line_items: [{ price_data: { currency: "eur", unit_amount: 900, product_data: { name: "Bulb" } }, quantity: 1 }],
            success_url: "https://shop.example/ok"
          })
          const failingIntent = await paySession(stripe, failing.id, "pm_card_refundFail")
          const doomed = await stripe.refunds.create({ payment_intent: failingIntent.id })
          assert.strictEqual(doomed.status, "succeeded")
          const failed = await waitUntil("refund.failed", () => receiver.events.find((e) => e.type === "refund.failed" && (e.data.object as Stripe.Refund).id === doomed.id))
          assert.strictEqual((failed.data.object as Stripe.Refund).status, "failed")
          assert.strictEqual((await stripe.refunds.retrieve(doomed.id)).status, "failed")
          assert.strictEqual((await stripe.charges.retrieve(doomed.charge as string)).amount_refunded, 0)
          assert.deepStrictEqual(receiver.refused, [])
        } finally {
          await receiver.close()
          await stopTill(till)
        }
      })
    }), { timeout: 3 * START_MS })
})
