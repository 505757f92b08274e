/**
 * Handlers of the payment-intent endpoints: a session's payment, and its capture or cancel (manual capture).
 */
import { CheckoutSessions } from "@till/core"
import { Effect } from "effect"
import { PaymentIntentsGroup } from "./Api.ts"
import * as Endpoint from "./Endpoint.ts"
import * as Wire from "./Wire.ts"

/** The routes of the PaymentIntents group. */
export const routes = Effect.gen(function*() {
  const sessions = yield* CheckoutSessions
  const endpoint = yield* Endpoint.make
  return endpoint.routes(PaymentIntentsGroup, {
    retrieve: ({ id, scope }) => Effect.map(sessions.retrievePaymentIntent(scope, id), Wire.paymentIntent),
    capture: ({ id, input, scope }) => {
      const { expand: _expand, ...params } = input
      return Effect.map(sessions.capturePaymentIntent(scope, id, params), Wire.paymentIntent)
    },
    cancel: ({ id, input, scope }) => {
      const { expand: _expand, ...params } = input
      return Effect.map(sessions.cancelPaymentIntent(scope, id, params), Wire.paymentIntent)
    }
  })
})
