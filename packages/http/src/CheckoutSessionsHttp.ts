/**
 * Handlers of the checkout-session endpoints (SPEC sections 4 and 6): parameters in, use case
 * called, wire object out.
 */
import { CheckoutSessions, type PaymentFailed, type Scope } from "@till/core"
import { Effect } from "effect"
import { CheckoutSessionsGroup } from "./Api.ts"
import * as Endpoint from "./Endpoint.ts"
import { PaymentDeclined } from "./HttpErrors.ts"
import * as Wire from "./Wire.ts"
import { HostedPageBase } from "./HostedPageBase.ts"

/** `expand` is the adapter's; the rest goes to the use case. */
const split = <A extends { readonly expand?: ReadonlyArray<string> }>(input: A) => {
  const { expand, ...params } = input
  return { expand, params }
}

/** The routes of the CheckoutSessions group. */
export const routes = Effect.gen(function*() {
  const sessions = yield* CheckoutSessions
  const endpoint = yield* Endpoint.make
  const base = yield* HostedPageBase

  /** A decline names its payment intent; Stripe's error body carries the whole object. */
  const declined = (scope: Scope, e: PaymentFailed) =>
    sessions.retrievePaymentIntent(scope, e.payment_intent).pipe(
      Effect.flatMap((pi) =>
        Effect.fail(
          new PaymentDeclined({ type: e.type, code: e.code, decline_code: e.decline_code, message: e.message, payment_intent: Wire.paymentIntent(pi) })
        )
      ),
      // the intent is the one this very call wrote; should reading it fail, the decline still stands
      Effect.catchTag("ResourceMissing", () => Effect.fail(e))
    )

  return endpoint.routes(CheckoutSessionsGroup, {
    create: ({ input, scope }) => {
      const { expand, params } = split(input)
      return Effect.map(sessions.create(scope, params), (s) => Wire.session(s, base, Wire.expansionOf(expand)))
    },
    list: ({ input, scope }) => {
      const { expand, params } = split(input)
      const expansion = Wire.expansionOf(expand, "data.")
      return Effect.map(sessions.list(scope, params), (page) => Wire.list("/v1/checkout/sessions", page, (s) => Wire.session(s, base, expansion)))
    },
    retrieve: ({ id, input, scope }) => Effect.map(sessions.retrieve(scope, id), (s) => Wire.session(s, base, Wire.expansionOf(input.expand))),
    update: ({ id, input, scope }) => {
      const { expand, params } = split(input)
      return Effect.map(sessions.update(scope, id, params), (s) => Wire.session(s, base, Wire.expansionOf(expand)))
    },
    listLineItems: ({ id, input, scope }) => {
      const { params } = split(input)
      return Effect.map(sessions.listLineItems(scope, id, params), (page) => Wire.list(Wire.lineItemsUrl(id), page, Wire.lineItem))
    },
    expire: ({ id, input, scope }) => Effect.map(sessions.expire(scope, id), (s) => Wire.session(s, base, Wire.expansionOf(input.expand))),
    pay: ({ id, input, scope }) =>
      sessions.pay(scope, id, split(input).params).pipe(
        Effect.map(Wire.paymentIntent),
        Effect.catchTag("PaymentFailed", (e) => declined(scope, e))
      ),
    refreshClientSecret: ({ id, input, scope }) => Effect.map(sessions.rotateClientSecret(scope, id), (s) => Wire.session(s, base, Wire.expansionOf(input.expand))),
    listPaymentMethods: ({ id, scope }) => Effect.map(sessions.retrieve(scope, id), Wire.paymentMethods)
  })
})
