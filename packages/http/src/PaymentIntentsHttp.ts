/**
 * Handlers of the payment-intent endpoints: a session's payment, and its capture or cancel (manual capture).
 */
import { Charges, CheckoutSessions, type PaymentIntentUnexpectedState, type Scope } from "@till/core"
import { Effect } from "effect"
import { PaymentIntentsGroup } from "./Api.ts"
import * as Endpoint from "./Endpoint.ts"
import { HostedPageBase } from "./HostedPageBase.ts"
import { PaymentIntentStateError } from "./HttpErrors.ts"
import * as Wire from "./Wire.ts"

/** The routes of the PaymentIntents group. */
export const routes = Effect.gen(function*() {
  const sessions = yield* CheckoutSessions
  const charges = yield* Charges
  const base = yield* HostedPageBase
  const endpoint = yield* Endpoint.make

  /** Stripe's error body for a refused capture or cancel carries the intent as it stands. */
  const refused = (scope: Scope, e: PaymentIntentUnexpectedState) =>
    sessions.retrievePaymentIntent(scope, e.id).pipe(
      Effect.flatMap((pi) => Effect.fail(new PaymentIntentStateError({ message: e.message, payment_intent: Wire.paymentIntent(pi) }))),
      Effect.catchTag("ResourceMissing", () => Effect.fail(e))
    )

  return endpoint.routes(PaymentIntentsGroup, {
    retrieve: ({ id, input, scope }) =>
      Effect.gen(function*() {
        const pi = yield* sessions.retrievePaymentIntent(scope, id)
        const charge = input.expand?.includes("latest_charge") === true ? yield* charges.chargeOfIntent(scope, id) : null
        return Wire.paymentIntent(pi, charge === null ? undefined : Wire.charge(charge, base))
      }),
    capture: ({ id, input, scope }) => {
      const { expand: _expand, ...params } = input
      return sessions.capturePaymentIntent(scope, id, params).pipe(
        Effect.map(Wire.paymentIntent),
        Effect.catchTag("PaymentIntentUnexpectedState", (e) => refused(scope, e))
      )
    },
    cancel: ({ id, input, scope }) => {
      const { expand: _expand, ...params } = input
      return sessions.cancelPaymentIntent(scope, id, params).pipe(
        Effect.map(Wire.paymentIntent),
        Effect.catchTag("PaymentIntentUnexpectedState", (e) => refused(scope, e))
      )
    }
  })
})
